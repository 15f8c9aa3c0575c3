#include "collection/cloudwatch_collector.h"

#include "collection/collection_window.h"
#include "fake_cloudwatch_transport.h"
#include "inventory_fixtures.h"
#include "logging/log_setup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <memory>

namespace rds_exporter::collection {
namespace {

using catalog::MetricScope;
using namespace std::chrono_literals;
using testing::FakeCloudWatchTransport;
using testing::FakeSeries;
using ::testing::HasSubstr;
using testing::json_error;
using testing::only_metrics;
using testing::postgres_fleet;

// 2024-05-01 12:03:27 UTC: the window for a 60 s period and delay ends at 12:02:00.
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1714564800 + 207)};
constexpr std::int64_t kWindowEnd = 1714564800 + 120;

// A datapoint per minute of the window's last three minutes, oldest first, valued 1, 2, 3.
FakeSeries three_minutes_ascending(const std::string&, const std::string&) {
  return {{{kWindowEnd - 180, 1.0}, {kWindowEnd - 120, 2.0}, {kWindowEnd - 60, 3.0}}};
}

class CloudWatchCollectorTest : public ::testing::Test {
 protected:
  explicit CloudWatchCollectorTest(FakeCloudWatchTransport::Answer answer = three_minutes_ascending)
      : transport_(std::move(answer)) {}

  aws::CloudWatchClient client() {
    aws::ClientContext context;
    context.transport = &transport_;
    context.random01 = [] { return 0.0; };
    context.sleep = [](std::chrono::milliseconds) {};
    aws::ServiceClientOptions options{
        aws::kCloudWatchService, "eu-west-1",
        aws::Endpoint{"https://monitoring.eu-west-1.amazonaws.com", "monitoring.eu-west-1.amazonaws.com", "test"},
        nullptr, aws::RetryPolicy{3, std::chrono::milliseconds(100)}};
    return aws::CloudWatchClient(aws::ServiceClient(std::move(context), std::move(options)));
  }

  CollectionResult collect(const discovery::Inventory& inventory, CollectorOptions options = {}) {
    const aws::CloudWatchClient cloudwatch = client();
    return CloudWatchCollector(cloudwatch, options).collect(inventory, selection_, kNow);
  }

  FakeCloudWatchTransport transport_;
  catalog::MetricSelection selection_ = only_metrics({"CPUUtilization"});
};

class CollectorCallCountTest : public CloudWatchCollectorTest, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(CollectorCallCountTest, MakesOneCallPerFiveHundredQueries) {
  const std::size_t queries = GetParam();
  const CollectionResult result = collect(postgres_fleet(queries));

  const std::size_t expected_calls = (queries + 499) / 500;
  EXPECT_EQ(transport_.requests().size(), expected_calls);
  EXPECT_EQ(result.get_metric_data_calls, static_cast<int>(expected_calls));
  EXPECT_EQ(result.queries, queries);
  EXPECT_EQ(result.metrics_requested, queries);
  EXPECT_EQ(result.readings.size(), queries);
  for (const auto& request : transport_.requests()) EXPECT_LE(request.query_ids.size(), 500u);
  EXPECT_TRUE(result.complete());
}

INSTANTIATE_TEST_SUITE_P(QueryCounts, CollectorCallCountTest, ::testing::Values(0, 1, 500, 501, 1234));

TEST_F(CloudWatchCollectorTest, AsksForTheAlignedWindow) {
  collect(postgres_fleet(1));
  const auto window = collection_window(kNow, 60s, 60s);
  ASSERT_EQ(transport_.requests().size(), 1u);
  EXPECT_EQ(transport_.requests()[0].start_time, static_cast<double>(window.start.time_since_epoch().count()));
  EXPECT_EQ(transport_.requests()[0].end_time, static_cast<double>(kWindowEnd));
}

TEST_F(CloudWatchCollectorTest, TheNewestDatapointWinsWhenAwsListsThemOldestFirst) {
  const CollectionResult result = collect(postgres_fleet(2));
  ASSERT_EQ(result.readings.size(), 2u);
  for (const Reading& reading : result.readings) {
    EXPECT_EQ(reading.value, 3.0);
    EXPECT_EQ(reading.timestamp, std::chrono::system_clock::time_point(std::chrono::seconds(kWindowEnd - 60)));
  }
}

TEST_F(CloudWatchCollectorTest, ReadingsNameTheirSeriesInPlanOrder) {
  discovery::Inventory inventory = postgres_fleet(600);
  inventory.clusters.push_back(testing::watched_cluster("payments"));
  selection_ = only_metrics({"CPUUtilization", "VolumeBytesUsed"});

  const CollectionResult result = collect(inventory, CollectorOptions{60s, 60s, 2});

  ASSERT_EQ(result.readings.size(), 601u);
  for (std::size_t i = 0; i < 600; ++i) {
    ASSERT_EQ(result.readings[i].key,
              (SeriesKey{MetricScope::instance, "db-" + std::to_string(i),
                         catalog::find_metric("CPUUtilization", MetricScope::instance), "Average"}));
  }
  EXPECT_EQ(result.readings[600].key,
            (SeriesKey{MetricScope::cluster, "payments", catalog::find_metric("VolumeBytesUsed", MetricScope::cluster),
                       "Average"}));
}

class CollectorOrderTest : public CloudWatchCollectorTest {
 protected:
  CollectorOrderTest()
      : CloudWatchCollectorTest([](const std::string&, const std::string& source) -> FakeSeries {
          if (source == "descending") return {{{kWindowEnd - 60, 3.0}, {kWindowEnd - 120, 2.0}}};
          return {{{kWindowEnd - 180, 1.0}, {kWindowEnd - 60, 3.0}, {kWindowEnd - 120, 2.0}}};
        }) {}
};

TEST_F(CollectorOrderTest, TheNewestDatapointWinsInAnyOrder) {
  discovery::Inventory inventory;
  inventory.instances = {testing::watched_instance("descending"), testing::watched_instance("shuffled")};
  const CollectionResult result = collect(inventory);
  ASSERT_EQ(result.readings.size(), 2u);
  EXPECT_EQ(result.readings[0].value, 3.0);
  EXPECT_EQ(result.readings[1].value, 3.0);
}

class CollectorSeriesStatusTest : public CloudWatchCollectorTest {
 protected:
  CollectorSeriesStatusTest()
      : CloudWatchCollectorTest([](const std::string& metric, const std::string& source) -> FakeSeries {
          if (source == "forbidden") return {{}, "Forbidden", {{"Forbidden", "not authorized for this account"}}};
          if (source == "broken") return {{{kWindowEnd - 60, 7.0}}, "InternalError", {}};
          if (source == "stopped") return {};
          return three_minutes_ascending(metric, source);
        }) {}
};

TEST_F(CollectorSeriesStatusTest, ForbiddenInternalErrorAndEmptySeriesGiveNoReading) {
  discovery::Inventory inventory;
  for (const char* name : {"forbidden", "running", "broken", "stopped"}) {
    inventory.instances.push_back(testing::watched_instance(name));
  }
  const CollectionResult result = collect(inventory);

  ASSERT_EQ(result.readings.size(), 1u);
  EXPECT_EQ(result.readings[0].key.source_identifier, "running");
  EXPECT_EQ(result.failed_series, 2);
  EXPECT_EQ(result.failed_batches, 0);
  EXPECT_FALSE(result.complete());
}

TEST_F(CollectorSeriesStatusTest, LogsFailedSeriesOnceACycle) {
  discovery::Inventory inventory;
  for (int i = 0; i < 20; ++i) inventory.instances.push_back(testing::watched_instance("forbidden"));
  const auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text, sink);

  const CollectionResult result = collect(inventory);
  const auto lines = sink->last_formatted();
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text);

  EXPECT_EQ(result.failed_series, 20);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("20 of 20 series"));
  EXPECT_THAT(lines[0], HasSubstr("not authorized for this account"));
}

TEST_F(CloudWatchCollectorTest, AFailingBatchLeavesTheOthersReadings) {
  transport_.fail_requests_with("q600", json_error(500, "InternalFailure", "try again later"));
  const CollectionResult result = collect(postgres_fleet(1234));

  EXPECT_EQ(result.failed_batches, 1);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].code, "InternalFailure");
  EXPECT_EQ(result.errors[0].attempts, 3);
  // Two batches answered, the third one tried three times.
  EXPECT_EQ(transport_.requests().size(), 5u);
  EXPECT_EQ(result.get_metric_data_calls, 2);
  EXPECT_EQ(result.metrics_requested, 500u + 234u);
  ASSERT_EQ(result.readings.size(), 734u);
  EXPECT_EQ(result.readings[499].key.source_identifier, "db-499");
  EXPECT_EQ(result.readings[500].key.source_identifier, "db-1000");
  EXPECT_FALSE(result.complete());
}

TEST_F(CloudWatchCollectorTest, AThrottledBatchFailsAloneAndIsLoggedWithItsCode) {
  transport_.fail_requests_with("q0", json_error(400, "com.amazonaws.cloudwatch#ThrottlingException", "Rate exceeded"));
  const auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text, sink);

  const CollectionResult result = collect(postgres_fleet(501));
  const auto lines = sink->last_formatted();
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text);

  EXPECT_EQ(result.failed_batches, 1);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_TRUE(result.errors[0].throttling);
  ASSERT_EQ(result.readings.size(), 1u);
  EXPECT_EQ(result.readings[0].key.source_identifier, "db-500");
  std::vector<std::string> warnings;
  for (const auto& line : lines) {
    if (line.find("GetMetricData batch") != std::string::npos) warnings.push_back(line);
  }
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("ThrottlingException"));
  EXPECT_THAT(warnings[0], HasSubstr("Rate exceeded"));
}

TEST_F(CloudWatchCollectorTest, NoMoreCallsInFlightThanTheLimit) {
  transport_.hold_until_in_flight(3);
  const CollectionResult result = collect(postgres_fleet(3000), CollectorOptions{60s, 60s, 3});
  EXPECT_EQ(transport_.requests().size(), 6u);
  EXPECT_EQ(transport_.max_in_flight(), 3);
  EXPECT_EQ(result.readings.size(), 3000u);
}

TEST_F(CloudWatchCollectorTest, ALimitOfOneSendsOneCallAtATime) {
  const CollectionResult result = collect(postgres_fleet(2000), CollectorOptions{60s, 60s, 1});
  EXPECT_EQ(transport_.requests().size(), 4u);
  EXPECT_EQ(transport_.max_in_flight(), 1);
  EXPECT_EQ(result.readings.size(), 2000u);
}

TEST_F(CloudWatchCollectorTest, EveryPageIsBilledAndTheNewestDatapointWinsAcrossPages) {
  transport_.answer_in_pages(3);
  const CollectionResult result = collect(postgres_fleet(501));

  EXPECT_EQ(transport_.requests().size(), 6u);
  EXPECT_EQ(result.get_metric_data_calls, 6);
  EXPECT_EQ(result.metrics_requested, 3u * 501u);
  ASSERT_EQ(result.readings.size(), 501u);
  EXPECT_EQ(result.readings[0].value, 3.0);
  EXPECT_TRUE(result.complete());
}

}  // namespace
}  // namespace rds_exporter::collection
