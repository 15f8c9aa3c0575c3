#include "sim/cloudwatch/list_metrics.h"

#include "cloudwatch_fixtures.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <set>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::CloudWatchClient;

class ListMetricsTest : public ::testing::Test {
 protected:
  MetricsPage list(const common::QueryParams& params) {
    auto request = read_list_metrics(QueryParameters(params));
    if (auto* error = std::get_if<ApiError>(&request)) ADD_FAILURE() << error->message;
    auto page = list_metrics(std::get<ListMetricsRequest>(request), fleet_);
    if (auto* error = std::get_if<ApiError>(&page)) ADD_FAILURE() << error->message;
    return std::get<MetricsPage>(page);
  }

  Fleet fleet_ = testing::test_fleet();
};

TEST_F(ListMetricsTest, ListsWhatGetMetricDataAnswers) {
  const MetricsPage page = list({});
  EXPECT_EQ(page.metrics.size(), all_series(fleet_).size());
  EXPECT_FALSE(page.next_token.has_value());
  std::set<std::string> instance_metrics_of_pg;
  for (const MetricSeries& series : page.metrics) {
    if (series.source_id == "pg-prod-1") instance_metrics_of_pg.insert(std::string(series.metric->name));
  }
  EXPECT_TRUE(instance_metrics_of_pg.contains("CPUUtilization"));
  EXPECT_TRUE(instance_metrics_of_pg.contains("DBLoad"));
  EXPECT_FALSE(instance_metrics_of_pg.contains("BinLogDiskUsage"));
}

TEST_F(ListMetricsTest, FiltersMatchExactly) {
  const MetricsPage cpu = list({{"Namespace", "AWS/RDS"}, {"MetricName", "CPUUtilization"}});
  EXPECT_EQ(cpu.metrics.size(), 7u);  // every instance but Neptune's
  const MetricsPage volume = list({{"MetricName", "VolumeBytesUsed"}});
  ASSERT_EQ(volume.metrics.size(), 2u);
  EXPECT_EQ(volume.metrics[0].dimension_name(), "DBClusterIdentifier");
  const MetricsPage one = list({{"Dimensions.member.1.Name", "DBInstanceIdentifier"},
                                {"Dimensions.member.1.Value", "pg-replica-1"},
                                {"MetricName", "ReplicaLag"}});
  ASSERT_EQ(one.metrics.size(), 1u);
  EXPECT_EQ(one.metrics[0].source_id, "pg-replica-1");
  const MetricsPage clusters = list({{"Dimensions.member.1.Name", "DBClusterIdentifier"}});
  for (const MetricSeries& series : clusters.metrics) EXPECT_EQ(series.metric->scope, MetricScope::kCluster);
  EXPECT_FALSE(clusters.metrics.empty());
  EXPECT_TRUE(list({{"Namespace", "AWS/EC2"}}).metrics.empty());
  EXPECT_TRUE(list({{"MetricName", "cpuutilization"}}).metrics.empty());
}

TEST_F(ListMetricsTest, PagesOfFiveHundredCoverEveryMetricOnce) {
  fleet_ = testing::fleet_of_postgres_instances(50);
  const std::size_t total = all_series(fleet_).size();
  ASSERT_GT(total, 1000u);
  std::set<std::pair<std::string, std::string>> seen;
  common::QueryParams params;
  std::size_t pages = 0;
  while (true) {
    const MetricsPage page = list(params);
    ++pages;
    EXPECT_LE(page.metrics.size(), kListMetricsPageSize);
    for (const MetricSeries& series : page.metrics) {
      EXPECT_TRUE(seen.insert({std::string(series.source_id), std::string(series.metric->name)}).second);
    }
    if (!page.next_token) break;
    EXPECT_EQ(page.metrics.size(), kListMetricsPageSize);
    params = {{"NextToken", *page.next_token}};
  }
  EXPECT_EQ(seen.size(), total);
  EXPECT_EQ(pages, (total + kListMetricsPageSize - 1) / kListMetricsPageSize);
}

TEST_F(ListMetricsTest, RefusesBadInput) {
  CloudWatchClient client(testing::test_fleet());
  const auto bad_token = client.query({{"Action", "ListMetrics"}, {"NextToken", "Zm9v"}});
  EXPECT_EQ(std::get<ApiError>(bad_token).code, "InvalidParameterValue");
  EXPECT_EQ(std::get<ApiError>(bad_token).message, "The value Zm9v for parameter NextToken is invalid.");
  const auto nameless = client.query({{"Action", "ListMetrics"}, {"Dimensions.member.1.Value", "x"}});
  EXPECT_EQ(std::get<ApiError>(nameless).code, "MissingParameter");
  EXPECT_EQ(std::get<ApiError>(nameless).message, "The parameter Dimensions.member.1.Name is required.");
  const auto recent = client.query({{"Action", "ListMetrics"}, {"RecentlyActive", "PT1H"}});
  EXPECT_EQ(std::get<ApiError>(recent).code, "InvalidParameterValue");
  EXPECT_TRUE(
      std::holds_alternative<std::string>(client.query({{"Action", "ListMetrics"}, {"RecentlyActive", "PT3H"}})));
}

TEST_F(ListMetricsTest, XmlAndJsonRenderings) {
  CloudWatchClient client(testing::test_fleet());
  const common::QueryParams params = {{"Action", "ListMetrics"}, {"MetricName", "VolumeBytesUsed"}};
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(client.query(params)).c_str()));
  const pugi::xml_node metric =
      document.child("ListMetricsResponse").child("ListMetricsResult").child("Metrics").child("member");
  EXPECT_STREQ(metric.child_value("Namespace"), "AWS/RDS");
  EXPECT_STREQ(metric.child_value("MetricName"), "VolumeBytesUsed");
  EXPECT_STREQ(metric.child("Dimensions").child("member").child_value("Name"), "DBClusterIdentifier");
  EXPECT_STREQ(metric.child("Dimensions").child("member").child_value("Value"), "orders-aurora");

  const auto body = nlohmann::json::parse(client.json(params).body);
  EXPECT_EQ(body.at("Metrics").size(), 2u);
  EXPECT_EQ(body.at("Metrics")[1],
            nlohmann::json::parse(R"({"Namespace":"AWS/RDS","MetricName":"VolumeBytesUsed",)"
                                  R"("Dimensions":[{"Name":"DBClusterIdentifier","Value":"pg-aurora"}]})"));
  EXPECT_FALSE(body.contains("NextToken"));
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
