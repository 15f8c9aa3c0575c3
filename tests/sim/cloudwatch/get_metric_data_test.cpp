#include "sim/cloudwatch/get_metric_data.h"

#include "cloudwatch_fixtures.h"
#include "sim/cloudwatch/metric_values.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::at;
using testing::get_metric_data_params;
using testing::QuerySpec;
using testing::test_now;

class GetMetricDataTest : public ::testing::Test {
 protected:
  GetMetricDataRequest request(const std::vector<QuerySpec>& queries, std::int64_t start, std::int64_t end,
                               const common::QueryParams& extra = {}) {
    auto read = read_get_metric_data(QueryParameters(get_metric_data_params(queries, start, end, extra)));
    if (auto* error = std::get_if<ApiError>(&read)) ADD_FAILURE() << error->code << ": " << error->message;
    return std::get<GetMetricDataRequest>(read);
  }

  MetricDataPage page(const GetMetricDataRequest& request, std::int64_t now = test_now()) {
    auto answer = get_metric_data(request, fleet_, now);
    if (auto* error = std::get_if<ApiError>(&answer)) ADD_FAILURE() << error->code << ": " << error->message;
    return std::get<MetricDataPage>(answer);
  }

  MetricDataResult only_result(const QuerySpec& spec) {
    MetricDataPage answer = page(request({spec}, hour_ago_, now_));
    EXPECT_EQ(answer.results.size(), 1u);
    return answer.results.front();
  }

  Fleet fleet_ = testing::test_fleet();
  std::int64_t now_ = test_now();
  std::int64_t hour_ago_ = test_now() - 3600;
};

TEST_F(GetMetricDataTest, ValuesAreTheDocumentedFunction) {
  const MetricDataResult result = only_result({"cpu", "CPUUtilization", "pg-prod-1", "300", "p90"});
  ASSERT_EQ(result.timestamps.size(), 12u);
  const Dimension dimensions[] = {{"DBInstanceIdentifier", "pg-prod-1"}};
  const auto series = *find_series(fleet_, "AWS/RDS", "CPUUtilization", dimensions);
  for (std::size_t i = 0; i < result.timestamps.size(); ++i) {
    const auto expected = datapoint_value(series, Statistic{Statistic::Kind::kPercentile, 90}, at(result.timestamps[i]),
                                          std::chrono::seconds(300), at(now_));
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(result.values[i], *expected);
  }
  EXPECT_TRUE(result.complete);
}

TEST_F(GetMetricDataTest, NewestFirstUnlessAscending) {
  const auto descending = page(request({{"cpu"}}, hour_ago_, now_)).results.front().timestamps;
  const auto ascending =
      page(request({{"cpu"}}, hour_ago_, now_, {{"ScanBy", "TimestampAscending"}})).results.front().timestamps;
  ASSERT_EQ(descending.size(), 59u);
  EXPECT_EQ(descending.front(), now_ - 120);
  EXPECT_TRUE(std::is_sorted(descending.rbegin(), descending.rend()));
  EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
  EXPECT_TRUE(std::equal(descending.begin(), descending.end(), ascending.rbegin()));
  const auto explicit_descending =
      page(request({{"cpu"}}, hour_ago_, now_, {{"ScanBy", "TimestampDescending"}})).results.front().timestamps;
  EXPECT_EQ(explicit_descending, descending);
}

TEST_F(GetMetricDataTest, MetricsTheEngineDoesNotPublishAreEmptyAndComplete) {
  const MetricDataResult postgres = only_result({"binlog", "BinLogDiskUsage", "pg-prod-1"});
  EXPECT_TRUE(postgres.timestamps.empty());
  EXPECT_TRUE(postgres.complete);
  EXPECT_FALSE(only_result({"binlog", "BinLogDiskUsage", "mysql-prod-1"}).timestamps.empty());
  EXPECT_TRUE(only_result({"xid", "MaximumUsedTransactionIDs", "mysql-prod-1"}).timestamps.empty());
  EXPECT_FALSE(only_result({"xid", "MaximumUsedTransactionIDs", "pg-prod-1"}).timestamps.empty());
  EXPECT_TRUE(only_result({"made_up", "InnoDBPoolHits", "mysql-prod-1"}).timestamps.empty());
  EXPECT_TRUE(only_result({"nobody", "CPUUtilization", "no-such-db"}).timestamps.empty());
  EXPECT_TRUE(only_result({"stopped", "CPUUtilization", "mysql-stopped"}).timestamps.empty());
}

TEST_F(GetMetricDataTest, ClusterMetricsAnswerToTheClusterDimension) {
  // VolumeBytesUsed of orders-aurora's writer instance: nothing.
  EXPECT_TRUE(only_result({"volume", "VolumeBytesUsed", "orders-aurora-1"}).timestamps.empty());
  auto params = get_metric_data_params({{"volume", "VolumeBytesUsed", "orders-aurora-1"}}, hour_ago_, now_);
  for (auto& [name, value] : params) {
    if (name.ends_with("Dimensions.member.1.Name")) value = "DBClusterIdentifier";
    if (name.ends_with("Dimensions.member.1.Value")) value = "orders-aurora";
  }
  const auto read = read_get_metric_data(QueryParameters(params));
  const MetricDataPage answer = page(std::get<GetMetricDataRequest>(read));
  EXPECT_EQ(answer.results.front().timestamps.size(), 59u);
}

TEST_F(GetMetricDataTest, AUnitTheMetricDoesNotHaveMatchesNoData) {
  EXPECT_FALSE(page(request({{"cpu"}}, hour_ago_, now_, {{"MetricDataQueries.member.1.MetricStat.Unit", "Percent"}}))
                   .results.front()
                   .timestamps.empty());
  EXPECT_TRUE(page(request({{"cpu"}}, hour_ago_, now_, {{"MetricDataQueries.member.1.MetricStat.Unit", "Bytes"}}))
                  .results.front()
                  .timestamps.empty());
}

TEST_F(GetMetricDataTest, ResultsFollowTheQueriesAndLeaveOutReturnDataFalse) {
  const MetricDataPage answer =
      page(request({{"c"}, {"a", "FreeableMemory"}, {"b", "ReadIOPS"}}, hour_ago_, now_,
                   {{"MetricDataQueries.member.2.ReturnData", "false"}}));
  ASSERT_EQ(answer.results.size(), 2u);
  EXPECT_EQ(answer.results[0].id, "c");
  EXPECT_EQ(answer.results[1].id, "b");
  // Billed by the metrics requested, returned or not.
  EXPECT_EQ(answer.metrics_requested, 3u);
}

// AWS's pricing page: "You can request up to five statistics for the same metric in a single GetMetricData API
// request. Additional statistics are billed as an additional metric."
TEST_F(GetMetricDataTest, BillsUpToFiveStatisticsOfAMetricAsOneMetric) {
  const auto statistics = [](const std::string& instance, int count) {
    static const char* const kStats[] = {"Average", "Minimum", "Maximum", "Sum", "SampleCount", "p99", "p50"};
    std::vector<QuerySpec> queries;
    for (int i = 0; i < count; ++i) {
      queries.push_back({"q" + instance.substr(0, 2) + std::to_string(i), "CPUUtilization", instance, "60", kStats[i]});
    }
    return queries;
  };
  const auto billed = [&](const std::vector<QuerySpec>& queries) {
    return billed_metrics(request(queries, hour_ago_, now_).queries);
  };
  EXPECT_EQ(billed(statistics("pg-prod-1", 1)), 1u);
  EXPECT_EQ(billed(statistics("pg-prod-1", 5)), 1u);
  EXPECT_EQ(billed(statistics("pg-prod-1", 6)), 2u);
  // Two metrics: the same name on another instance (another dimension set) is another metric.
  auto two = statistics("pg-prod-1", 6);
  for (const QuerySpec& query : statistics("mysql-prod-1", 5)) two.push_back(query);
  EXPECT_EQ(billed(two), 3u);
  auto by_name = statistics("pg-prod-1", 1);
  by_name.push_back({"memory", "FreeableMemory", "pg-prod-1"});
  EXPECT_EQ(billed(by_name), 2u);
  // The same statistic at two periods is two statistics of one metric; the page reports what is billed.
  EXPECT_EQ(billed({{"one", "CPUUtilization", "pg-prod-1", "60"}, {"five", "CPUUtilization", "pg-prod-1", "300"}}), 1u);
  EXPECT_EQ(page(request(two, hour_ago_, now_)).metrics_requested, 3u);
}

TEST_F(GetMetricDataTest, LabelsDefaultToTheMetricNameAndTellQueriesApart) {
  EXPECT_EQ(only_result({"cpu"}).label, "CPUUtilization");
  EXPECT_EQ(page(request({{"cpu"}}, hour_ago_, now_, {{"MetricDataQueries.member.1.Label", "CPU of pg-prod-1"}}))
                .results.front()
                .label,
            "CPU of pg-prod-1");
  const auto stats = page(request({{"avg", "CPUUtilization", "pg-prod-1", "60", "Average"},
                                   {"max", "CPUUtilization", "pg-prod-1", "60", "Maximum"}},
                                  hour_ago_, now_));
  EXPECT_EQ(stats.results[0].label, "CPUUtilization Average");
  EXPECT_EQ(stats.results[1].label, "CPUUtilization Maximum");
  const auto periods = page(request(
      {{"one", "CPUUtilization", "pg-prod-1", "60"}, {"five", "FreeableMemory", "pg-prod-1", "300"}}, hour_ago_, now_));
  EXPECT_EQ(periods.results[0].label, "CPUUtilization 60");
  EXPECT_EQ(periods.results[1].label, "FreeableMemory 300");
}

TEST_F(GetMetricDataTest, MaxDatapointsPagesAcrossQueries) {
  const auto paged = request({{"a"}, {"b"}, {"c"}}, now_ - 360, now_, {{"MaxDatapoints", "7"}});
  MetricDataPage first = page(paged);
  ASSERT_EQ(first.results.size(), 3u);
  EXPECT_EQ(first.results[0].values.size(), 5u);
  EXPECT_TRUE(first.results[0].complete);
  EXPECT_EQ(first.results[1].values.size(), 2u);
  EXPECT_FALSE(first.results[1].complete);
  EXPECT_TRUE(first.results[2].values.empty());
  EXPECT_FALSE(first.results[2].complete);
  ASSERT_TRUE(first.next_token.has_value());

  GetMetricDataRequest next = paged;
  next.next_token = first.next_token;
  MetricDataPage second = page(next);
  EXPECT_TRUE(second.results[0].values.empty());
  EXPECT_TRUE(second.results[0].complete);
  EXPECT_EQ(second.results[1].values.size(), 3u);
  EXPECT_EQ(second.results[2].values.size(), 4u);
  EXPECT_FALSE(second.results[2].complete);
  next.next_token = second.next_token;
  MetricDataPage third = page(next);
  EXPECT_EQ(third.results[2].values.size(), 1u);
  EXPECT_TRUE(third.results[2].complete);
  EXPECT_FALSE(third.next_token.has_value());
}

TEST_F(GetMetricDataTest, FiveHundredQueriesOfADayPageThroughEveryDatapointOnce) {
  fleet_ = testing::fleet_of_postgres_instances(100);
  const char* metrics[] = {"CPUUtilization", "FreeableMemory", "ReadIOPS", "WriteIOPS", "DatabaseConnections"};
  std::vector<QuerySpec> specs;
  for (int i = 0; i < 500; ++i) {
    char instance[16];
    std::snprintf(instance, sizeof instance, "db-%04d", i / 5 + 1);
    specs.push_back({testing::numbered("q", i), metrics[i % 5], instance});
  }
  const std::int64_t end = now_ - 3600;
  GetMetricDataRequest paged = request(specs, end - 86400, end);

  std::map<std::string, std::vector<std::int64_t>> seen;
  std::size_t pages = 0;
  std::size_t total = 0;
  do {
    // Later pages are asked for later; the token pins what they hold.
    const MetricDataPage answer = page(paged, now_ + 60 * static_cast<std::int64_t>(pages));
    ++pages;
    ASSERT_EQ(answer.results.size(), 500u);
    std::size_t on_page = 0;
    for (const MetricDataResult& result : answer.results) {
      on_page += result.values.size();
      auto& times = seen[std::string(result.id)];
      times.insert(times.end(), result.timestamps.begin(), result.timestamps.end());
    }
    EXPECT_LE(on_page, kMaxDatapointsPerResponse);
    if (answer.next_token) {
      EXPECT_EQ(on_page, kMaxDatapointsPerResponse);
      EXPECT_TRUE(std::any_of(answer.results.begin(), answer.results.end(),
                              [](const MetricDataResult& r) { return !r.complete; }));
    } else {
      EXPECT_TRUE(std::all_of(answer.results.begin(), answer.results.end(),
                              [](const MetricDataResult& r) { return r.complete; }));
    }
    total += on_page;
    paged.next_token = answer.next_token;
  } while (paged.next_token && pages < 20);

  EXPECT_EQ(pages, 8u);
  EXPECT_EQ(total, 500u * 1440u);
  ASSERT_EQ(seen.size(), 500u);
  for (auto& [id, times] : seen) {
    std::sort(times.begin(), times.end());
    EXPECT_EQ(std::adjacent_find(times.begin(), times.end()), times.end()) << id << " has a datapoint twice";
    EXPECT_EQ(times.size(), 1440u) << id;
  }
}

TEST_F(GetMetricDataTest, ATokenOnlyContinuesItsOwnRequest) {
  const auto paged = request({{"a"}, {"b"}}, hour_ago_, now_, {{"MaxDatapoints", "10"}});
  const MetricDataPage first = page(paged);
  ASSERT_TRUE(first.next_token.has_value());
  GetMetricDataRequest other = request({{"a"}, {"c"}}, hour_ago_, now_, {{"MaxDatapoints", "10"}});
  other.next_token = first.next_token;
  const auto answer = get_metric_data(other, fleet_, now_);
  ASSERT_TRUE(std::holds_alternative<ApiError>(answer));
  EXPECT_EQ(std::get<ApiError>(answer).code, "InvalidNextToken");
  // MaxDatapoints may change between pages, as paginators allow.
  GetMetricDataRequest bigger = request({{"a"}, {"b"}}, hour_ago_, now_, {{"MaxDatapoints", "1000"}});
  bigger.next_token = first.next_token;
  EXPECT_TRUE(std::holds_alternative<MetricDataPage>(get_metric_data(bigger, fleet_, now_)));
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
