#include "collection/cloudwatch_collector.h"

#include "collection/collection_window.h"
#include "fake_cloudwatch_transport.h"
#include "inventory_fixtures.h"
#include "logging/log_setup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
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
const std::chrono::system_clock::time_point kCloudWatchNow{std::chrono::seconds(1714564800 + 207)};
constexpr std::int64_t kCloudWatchWindowEnd = 1714564800 + 120;

// A datapoint per minute of the window's last three minutes, oldest first, valued 1, 2, 3.
FakeSeries three_minutes_ascending(const std::string&, const std::string&) {
  return {{{kCloudWatchWindowEnd - 180, 1.0}, {kCloudWatchWindowEnd - 120, 2.0}, {kCloudWatchWindowEnd - 60, 3.0}}};
}

class CloudWatchCollectorTest : public ::testing::Test {
 protected:
  explicit CloudWatchCollectorTest(FakeCloudWatchTransport::Answer answer = three_minutes_ascending)
      : transport_(std::move(answer)) {}

  // A client of transport_, or of `transport` when given.
  aws::CloudWatchClient client(aws::HttpTransport* transport = nullptr) {
    aws::ClientContext context;
    context.transport = transport ? transport : &transport_;
    context.random01 = [] { return 0.0; };
    context.sleep = [](std::chrono::milliseconds) {};
    aws::ServiceClientOptions options{
        aws::kCloudWatchService, "eu-west-1",
        aws::Endpoint{"https://monitoring.eu-west-1.amazonaws.com", "monitoring.eu-west-1.amazonaws.com", "test"},
        nullptr, aws::RetryPolicy{3, std::chrono::milliseconds(100)}};
    return aws::CloudWatchClient(aws::ServiceClient(std::move(context), std::move(options)));
  }

  // One cycle of a new collector, against transport_ or `transport` when given.
  CollectionResult collect(const discovery::Inventory& inventory, CollectorOptions options = {},
                           aws::HttpTransport* transport = nullptr) {
    const aws::CloudWatchClient cloudwatch = client(transport);
    return CloudWatchCollector(cloudwatch, options).collect(inventory, selection_, kCloudWatchNow);
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
  // The first cycle delivers every point of the window: three a series here.
  EXPECT_EQ(result.readings.size(), 3 * queries);
  for (const auto& request : transport_.requests()) EXPECT_LE(request.query_ids.size(), 500u);
  EXPECT_TRUE(result.complete());
}

INSTANTIATE_TEST_SUITE_P(QueryCounts, CollectorCallCountTest, ::testing::Values(0, 1, 500, 501, 1234));

TEST_F(CloudWatchCollectorTest, AsksForTheAlignedWindow) {
  collect(postgres_fleet(1));
  const auto window = collection_window(kCloudWatchNow, 60s, 60s);
  ASSERT_EQ(transport_.requests().size(), 1u);
  EXPECT_EQ(transport_.requests()[0].start_time, static_cast<double>(window.start.time_since_epoch().count()));
  EXPECT_EQ(transport_.requests()[0].end_time, static_cast<double>(kCloudWatchWindowEnd));
}

TEST_F(CloudWatchCollectorTest, EveryPointOfTheWindowIsDeliveredOldestFirst) {
  const CollectionResult result = collect(postgres_fleet(2));
  ASSERT_EQ(result.readings.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(result.readings[i].key.source_identifier, i < 3 ? "db-0" : "db-1");
    EXPECT_EQ(result.readings[i].value, static_cast<double>(i % 3 + 1));
    EXPECT_EQ(result.readings[i].timestamp,
              std::chrono::system_clock::time_point(std::chrono::seconds(kCloudWatchWindowEnd - 180 + 60 * (i % 3))));
  }
}

// The page alone shows only a series' newest point: without every_point the cycle keeps that one (a first
// cycle's window holds up to 15), yet counts every new point it was sent, and costs the same calls.
TEST_F(CloudWatchCollectorTest, WithoutEveryPointOnlyTheNewestPointOfEachSeriesIsKept) {
  CollectorOptions options;
  options.every_point = false;
  const CollectionResult result = collect(postgres_fleet(2), options);
  ASSERT_EQ(result.readings.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(result.readings[i].key.source_identifier, "db-" + std::to_string(i));
    EXPECT_EQ(result.readings[i].value, 3.0);
    EXPECT_EQ(result.readings[i].timestamp,
              std::chrono::system_clock::time_point(std::chrono::seconds(kCloudWatchWindowEnd - 60)));
  }
  EXPECT_EQ(result.points, 6u);
  EXPECT_EQ(result.get_metric_data_calls, 1);
  EXPECT_EQ(collect(postgres_fleet(2)).points, 6u);
}

TEST_F(CloudWatchCollectorTest, ReadingsNameTheirSeriesInPlanOrder) {
  discovery::Inventory inventory = postgres_fleet(600);
  inventory.clusters.push_back(testing::watched_cluster("payments"));
  selection_ = only_metrics({"CPUUtilization", "VolumeBytesUsed"});

  const CollectionResult result = collect(inventory, CollectorOptions{60s, 60s, 2});

  ASSERT_EQ(result.readings.size(), 3 * 601u);
  for (std::size_t i = 0; i < 600; ++i) {
    ASSERT_EQ(result.readings[3 * i].key,
              (SeriesKey{.source_identifier = "db-" + std::to_string(i),
                         .metric = catalog::find_metric("CPUUtilization", MetricScope::instance),
                         .statistic = "Average",
                         .scope = MetricScope::instance}));
  }
  EXPECT_EQ(result.readings[3 * 600].key,
            (SeriesKey{.source_identifier = "payments",
                       .metric = catalog::find_metric("VolumeBytesUsed", MetricScope::cluster),
                       .statistic = "Average",
                       .scope = MetricScope::cluster}));
}

class CollectorOrderTest : public CloudWatchCollectorTest {
 protected:
  CollectorOrderTest()
      : CloudWatchCollectorTest([](const std::string&, const std::string& source) -> FakeSeries {
          if (source == "descending") return {{{kCloudWatchWindowEnd - 60, 3.0}, {kCloudWatchWindowEnd - 120, 2.0}}};
          return {
              {{kCloudWatchWindowEnd - 180, 1.0}, {kCloudWatchWindowEnd - 60, 3.0}, {kCloudWatchWindowEnd - 120, 2.0}}};
        }) {}
};

TEST_F(CollectorOrderTest, PointsAreDeliveredOldestFirstWhateverOrderAwsListsThem) {
  discovery::Inventory inventory;
  inventory.instances = {testing::watched_instance("descending"), testing::watched_instance("shuffled")};
  const CollectionResult result = collect(inventory);
  std::vector<double> values;
  for (const Reading& reading : result.readings) values.push_back(reading.value);
  EXPECT_EQ(values, (std::vector<double>{2, 3, 1, 2, 3}));
}

class CollectorSeriesStatusTest : public CloudWatchCollectorTest {
 protected:
  CollectorSeriesStatusTest()
      : CloudWatchCollectorTest([](const std::string& metric, const std::string& source) -> FakeSeries {
          if (source == "forbidden") return {{}, "Forbidden", {{"Forbidden", "not authorized for this account"}}};
          if (source == "broken") return {{{kCloudWatchWindowEnd - 60, 7.0}}, "InternalError", {}};
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

  ASSERT_EQ(result.readings.size(), 3u);
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
  ASSERT_EQ(result.readings.size(), 3 * 734u);
  EXPECT_EQ(result.readings[3 * 499].key.source_identifier, "db-499");
  EXPECT_EQ(result.readings[3 * 500].key.source_identifier, "db-1000");
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
  ASSERT_EQ(result.readings.size(), 3u);
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
  EXPECT_EQ(result.readings.size(), 3 * 3000u);
}

TEST_F(CloudWatchCollectorTest, ALimitOfOneSendsOneCallAtATime) {
  const CollectionResult result = collect(postgres_fleet(2000), CollectorOptions{60s, 60s, 1});
  EXPECT_EQ(transport_.requests().size(), 4u);
  EXPECT_EQ(transport_.max_in_flight(), 1);
  EXPECT_EQ(result.readings.size(), 3 * 2000u);
}

TEST_F(CloudWatchCollectorTest, EveryPageIsBilledAndTheNewestDatapointWinsAcrossPages) {
  transport_.answer_in_pages(3);
  const CollectionResult result = collect(postgres_fleet(501));

  EXPECT_EQ(transport_.requests().size(), 6u);
  EXPECT_EQ(result.get_metric_data_calls, 6);
  EXPECT_EQ(result.metrics_requested, 3u * 501u);
  ASSERT_EQ(result.readings.size(), 3 * 501u);
  EXPECT_EQ(result.readings[2].value, 3.0);
  EXPECT_TRUE(result.complete());
}

// Answers every GetMetricData call with one body.
class FixedAnswerTransport final : public aws::HttpTransport {
 public:
  explicit FixedAnswerTransport(std::string body) : body_(std::move(body)) {}

  aws::TransportResult send(const aws::OutgoingRequest&) override {
    return common::HttpResponse{200, {{"content-type", "application/x-amz-json-1.0"}}, body_};
  }

 private:
  std::string body_;
};

// A result per id, however an answer spreads one over pages or repeats it in one: the series' newest point wins.
TEST_F(CloudWatchCollectorTest, AnIdRepeatedInOnePageIsOneSeries) {
  const std::string older = std::to_string(kCloudWatchWindowEnd - 180);
  const std::string newer = std::to_string(kCloudWatchWindowEnd - 60);
  FixedAnswerTransport repeating(R"({"MetricDataResults":[{"Id":"q0","Label":"a","Timestamps":[)" + newer +
                                 R"(],"Values":[3],"StatusCode":"Complete"},{"Id":"q0","Label":"a","Timestamps":[)" +
                                 older + R"(],"Values":[1],"StatusCode":"Complete"}],"Messages":[]})");
  const CollectionResult result = collect(postgres_fleet(1), CollectorOptions{.every_point = false}, &repeating);
  ASSERT_EQ(result.readings.size(), 1u);
  EXPECT_EQ(result.readings[0].value, 3.0);
  EXPECT_EQ(result.points, 2u);
}

// Should a result list one timestamp twice, every point is delivered once, oldest first, and of the twice-listed
// one the value listed first.
TEST_F(CloudWatchCollectorTest, ATimestampListedTwiceIsDeliveredOnceWithItsFirstValue) {
  const std::string older = std::to_string(kCloudWatchWindowEnd - 180);
  const std::string newer = std::to_string(kCloudWatchWindowEnd - 60);
  FixedAnswerTransport twice(R"({"MetricDataResults":[{"Id":"q0","Label":"a","Timestamps":[)" + newer + "," + newer +
                             "," + older + R"(],"Values":[5,7,1],"StatusCode":"Complete"}],"Messages":[]})");
  const CollectionResult result = collect(postgres_fleet(1), CollectorOptions{.every_point = true}, &twice);
  ASSERT_EQ(result.readings.size(), 2u);
  EXPECT_EQ(result.readings[0].value, 1.0);
  EXPECT_EQ(result.readings[1].value, 5.0);
  EXPECT_EQ(result.readings[0].key, result.readings[1].key);
}

// Windowed collection: a collector that lives across cycles, against a CloudWatch whose newest point ends where
// the window does.
class WindowedCollectionTest : public CloudWatchCollectorTest {
 protected:
  WindowedCollectionTest()
      : CloudWatchCollectorTest([this](const std::string& metric, const std::string&) -> FakeSeries {
          // Every point of the last 15 minutes before `end_`, as CloudWatch would have them: 1-minute metrics
          // each minute, 5-minute ones at multiples of 5 minutes once those have ended; the value is the minute's
          // start, in minutes.
          FakeSeries series;
          const std::int64_t step = metric == "VolumeReadIOPs" ? 300 : 60;
          for (std::int64_t t = end_ - 900; t + step <= end_; t += 60) {
            if (t % step == 0) series.points.emplace_back(t, static_cast<double>(t / 60));
          }
          return series;
        }) {}

  CollectionResult cycle(const discovery::Inventory& inventory, std::chrono::seconds after_start) {
    // The window of a cycle at now ends at the last whole minute a delay (60 s) before it.
    const auto now = kCloudWatchNow + after_start;
    end_ = collection_window(now, 60s, 60s).end.time_since_epoch().count();
    return collector_.collect(inventory, selection_, now);
  }

  std::int64_t end_ = 0;
  const aws::CloudWatchClient cloudwatch_ = client();
  CloudWatchCollector collector_{cloudwatch_, CollectorOptions{60s, 60s, 4, 300s}};
};

std::vector<std::int64_t> minutes_of(const CollectionResult& result) {
  std::vector<std::int64_t> minutes;
  for (const Reading& reading : result.readings) {
    minutes.push_back(std::chrono::duration_cast<std::chrono::minutes>(reading.timestamp.time_since_epoch()).count());
  }
  return minutes;
}

TEST_F(WindowedCollectionTest, EachCycleAsksOnlyForThePeriodsAfterTheNewestPointAndDeliversEachOnce) {
  const discovery::Inventory inventory = postgres_fleet(1);
  const CollectionResult first = cycle(inventory, 0s);
  EXPECT_EQ(first.readings.size(), 15u);
  const std::int64_t last = minutes_of(first).back();

  // Five minutes later: one call, asking from the minute after the newest point, bringing exactly five new ones.
  const CollectionResult second = cycle(inventory, 300s);
  ASSERT_EQ(transport_.requests().size(), 2u);
  EXPECT_EQ(transport_.requests()[1].start_time, static_cast<double>((last + 1) * 60));
  EXPECT_EQ(transport_.requests()[1].end_time, static_cast<double>(end_));
  EXPECT_EQ(minutes_of(second), (std::vector<std::int64_t>{last + 1, last + 2, last + 3, last + 4, last + 5}));
  EXPECT_EQ(second.metrics_requested, 1u);

  // Nothing new can exist yet 20 seconds later (the window still ends at the same minute): no call at all.
  const CollectionResult idle = cycle(inventory, 320s);
  EXPECT_EQ(transport_.requests().size(), 2u);
  EXPECT_EQ(idle.queries, 0u);
  EXPECT_EQ(idle.skipped_queries, 1u);
  EXPECT_TRUE(idle.readings.empty());
}

TEST_F(WindowedCollectionTest, AnInstanceThatJoinsGetsItsWindowAndTheOthersOnlyWhatIsNew) {
  const discovery::Inventory fleet = postgres_fleet(3);
  discovery::Inventory without_middle = fleet;
  without_middle.instances.erase(without_middle.instances.begin() + 1);
  EXPECT_EQ(cycle(without_middle, 0s).readings.size(), 30u);

  // The one in the middle joins five minutes later: its 15 minutes; the others remember where they were.
  const CollectionResult second = cycle(fleet, 300s);
  std::map<std::string, std::size_t> points;
  for (const Reading& reading : second.readings) ++points[reading.key.source_identifier.str()];
  EXPECT_EQ(points, (std::map<std::string, std::size_t>{{fleet.instances[0].db.identifier, 5},
                                                        {fleet.instances[1].db.identifier, 15},
                                                        {fleet.instances[2].db.identifier, 5}}));
  // And all three remember: five minutes more, five points each.
  EXPECT_EQ(cycle(fleet, 600s).readings.size(), 15u);
}

TEST_F(WindowedCollectionTest, AFiveMinuteMetricIsAskedOnlyWhenANewPointCanExist) {
  discovery::Inventory inventory;
  inventory.clusters.push_back(testing::watched_cluster("payments"));
  selection_ = only_metrics({"VolumeReadIOPs"});
  cycle(inventory, 0s);
  int asked = 0;
  // Every minute for an hour: asked 12 times, never without a new point to bring.
  for (int minute = 1; minute <= 60; ++minute) {
    const CollectionResult result = cycle(inventory, std::chrono::minutes(minute));
    if (result.queries == 0) continue;
    ++asked;
    EXPECT_EQ(result.readings.size(), 1u) << "minute " << minute;
  }
  EXPECT_EQ(asked, 12);
}

TEST_F(WindowedCollectionTest, AfterAFailedCycleTheNextOneFetchesWhatItMissed) {
  const discovery::Inventory inventory = postgres_fleet(1);
  const std::int64_t last = minutes_of(cycle(inventory, 0s)).back();
  transport_.fail_requests_with("q0", json_error(500, "InternalFailure", "try again later"));
  EXPECT_EQ(cycle(inventory, 300s).failed_batches, 1);
  transport_.fail_requests_with("", {});
  const CollectionResult recovered = cycle(inventory, 600s);
  ASSERT_EQ(recovered.readings.size(), 10u);
  EXPECT_EQ(minutes_of(recovered).front(), last + 1);
}

TEST_F(WindowedCollectionTest, AGapLongerThanTheBackfillLimitIsFetchedFromTheLimitOn) {
  const discovery::Inventory inventory = postgres_fleet(1);
  cycle(inventory, 0s);
  // 90 minutes later: an hour back at most (two collection intervals are less).
  cycle(inventory, 90min);
  EXPECT_EQ(transport_.requests().back().start_time, static_cast<double>(end_ - 3600));
  // Silent for more than two hours, a series starts over with the first window.
  cycle(inventory, 90min + 2h + 1min);
  EXPECT_EQ(transport_.requests().back().start_time, static_cast<double>(end_ - 900));
}

}  // namespace
}  // namespace rds_exporter::collection
