#include "collection/query_plan.h"

#include "inventory_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace rds_exporter::collection {
namespace {

using catalog::EngineFamily;
using catalog::MetricScope;
using namespace std::chrono_literals;
using testing::only_metrics;
using testing::postgres_fleet;
using testing::watched_cluster;
using testing::watched_instance;

using Dimensions = std::vector<std::pair<std::string, std::string>>;

struct ExpectedQuery {
  std::string id;
  std::string metric;
  Dimensions dimensions;
  std::string stat;
};

void expect_queries(const QueryPlan& plan, const std::vector<ExpectedQuery>& expected, int period_seconds) {
  ASSERT_EQ(plan.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const aws::MetricDataQuery query = plan.query(i);
    SCOPED_TRACE(expected[i].id);
    EXPECT_EQ(query.id, expected[i].id);
    EXPECT_EQ(query.namespace_name, "AWS/RDS");
    EXPECT_EQ(query.metric_name, expected[i].metric);
    EXPECT_EQ(query.dimensions, expected[i].dimensions);
    EXPECT_EQ(query.period_seconds, period_seconds);
    EXPECT_EQ(query.stat, expected[i].stat);
  }
}

TEST(QueryPlanTest, AsksForEverySelectedMetricOfEveryInstanceAndCluster) {
  discovery::Inventory inventory;
  inventory.instances = {watched_instance("orders", EngineFamily::postgres),
                         watched_instance("users", EngineFamily::mysql)};
  inventory.clusters = {watched_cluster("payments", EngineFamily::aurora_postgres)};
  const auto selection =
      only_metrics({"CPUUtilization", "FreeableMemory", "VolumeBytesUsed"}, {{"CPUUtilization", "Maximum"}});

  const QueryPlan plan = build_query_plan(inventory, selection, 60s);

  expect_queries(plan,
                 {{"q0", "CPUUtilization", {{"DBInstanceIdentifier", "orders"}}, "Maximum"},
                  {"q1", "FreeableMemory", {{"DBInstanceIdentifier", "orders"}}, "Average"},
                  {"q2", "CPUUtilization", {{"DBInstanceIdentifier", "users"}}, "Maximum"},
                  {"q3", "FreeableMemory", {{"DBInstanceIdentifier", "users"}}, "Average"},
                  {"q4", "VolumeBytesUsed", {{"DBClusterIdentifier", "payments"}}, "Average"}},
                 60);
}

TEST(QueryPlanTest, EachSeriesNamesWhatItsQueryFetches) {
  discovery::Inventory inventory;
  inventory.instances = {watched_instance("orders")};
  inventory.clusters = {watched_cluster("payments")};
  const auto selection = only_metrics({"CPUUtilization", "VolumeBytesUsed"}, {{"VolumeBytesUsed", "Maximum"}});

  const QueryPlan plan = build_query_plan(inventory, selection, 60s);

  ASSERT_EQ(plan.series.size(), 2u);
  EXPECT_EQ(plan.series[0], (SeriesKey{.source_identifier = "orders",
                                       .metric = catalog::find_metric("CPUUtilization", MetricScope::instance),
                                       .statistic = "Average",
                                       .scope = MetricScope::instance}));
  EXPECT_EQ(plan.series[1], (SeriesKey{.source_identifier = "payments",
                                       .metric = catalog::find_metric("VolumeBytesUsed", MetricScope::cluster),
                                       .statistic = "Maximum",
                                       .scope = MetricScope::cluster}));
}

TEST(QueryPlanTest, SkipsMetricsCloudWatchDoesNotPublishForThatInstance) {
  discovery::Inventory inventory;
  inventory.instances = {
      watched_instance("small", EngineFamily::postgres, catalog::kBurstableClass | catalog::kProvisioned),
      watched_instance("large", EngineFamily::postgres, catalog::kProvisioned)};
  const auto selection = only_metrics({"CPUUtilization", "CPUCreditBalance"});

  const QueryPlan plan = build_query_plan(inventory, selection, 300s);

  expect_queries(plan,
                 {{"q0", "CPUUtilization", {{"DBInstanceIdentifier", "small"}}, "Average"},
                  {"q1", "CPUCreditBalance", {{"DBInstanceIdentifier", "small"}}, "Average"},
                  {"q2", "CPUUtilization", {{"DBInstanceIdentifier", "large"}}, "Average"}},
                 300);
}

TEST(QueryPlanTest, StoppedInstancesAndClustersAreNotAskedForWhatTheyCannotPublish) {
  discovery::Inventory inventory;
  inventory.instances = {watched_instance("orders"), watched_instance("archive")};
  inventory.instances[1].db.status = "stopped";
  inventory.clusters = {watched_cluster("payments"), watched_cluster("ledger")};
  inventory.clusters[0].db.status = "stopped";

  const QueryPlan plan = build_query_plan(inventory, only_metrics({"CPUUtilization", "VolumeBytesUsed"}), 60s);

  expect_queries(plan,
                 {{"q0", "CPUUtilization", {{"DBInstanceIdentifier", "orders"}}, "Average"},
                  {"q1", "VolumeBytesUsed", {{"DBClusterIdentifier", "ledger"}}, "Average"}},
                 60);
}

TEST(QueryPlanTest, AnEmptyInventoryPlansNothing) {
  const QueryPlan plan =
      build_query_plan(discovery::Inventory{}, catalog::MetricSelection(catalog::SelectionRules{}), 60s);
  EXPECT_EQ(plan.size(), 0u);
  EXPECT_TRUE(plan.series.empty());
}

TEST(QueryPlanTest, EveryQueryIdLeadsBackToItsSeries) {
  const QueryPlan plan = build_query_plan(postgres_fleet(40), catalog::MetricSelection(catalog::SelectionRules{}), 60s);
  ASSERT_GT(plan.size(), 0u);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan.query(i).id, "q" + std::to_string(i));
    EXPECT_EQ(plan_index(plan.query(i).id, plan.size()), static_cast<long>(i));
    EXPECT_EQ(plan.query(i).dimensions.front().second, plan.series[i].source_identifier);
    EXPECT_EQ(plan.query(i).metric_name, plan.series[i].metric->name);
    EXPECT_EQ(plan.query(i).stat, plan.series[i].statistic);
  }
}

aws::MetricDataQuery query(std::string metric, std::string instance, std::string stat) {
  return {"q", "AWS/RDS", std::move(metric), {{"DBInstanceIdentifier", std::move(instance)}}, 60, std::move(stat)};
}

TEST(BilledMetricsTest, UpToFiveStatisticsOfOneMetricAreBilledAsOne) {
  std::vector<aws::MetricDataQuery> queries;
  for (const char* stat : {"Average", "Maximum", "Minimum", "p99", "Sum"}) queries.push_back(query("CPUUtilization", "a", stat));
  EXPECT_EQ(billed_metrics(std::span(queries).first(1)), 1u);
  EXPECT_EQ(billed_metrics(queries), 1u);
  queries.push_back(query("CPUUtilization", "a", "SampleCount"));
  EXPECT_EQ(billed_metrics(queries), 2u);
}

TEST(BilledMetricsTest, EveryMetricOrDimensionIsBilledApart) {
  const std::vector<aws::MetricDataQuery> queries = {
      query("CPUUtilization", "a", "Average"), query("CPUUtilization", "b", "Average"),
      query("FreeableMemory", "a", "Average"), query("FreeableMemory", "a", "Minimum")};
  EXPECT_EQ(billed_metrics(queries), 3u);
  EXPECT_EQ(billed_metrics({}), 0u);
}

TEST(PlanIndexTest, ReadsTheIdsThePlanMakes) {
  EXPECT_EQ(plan_index("q0", 1), 0);
  EXPECT_EQ(plan_index("q17", 18), 17);
  EXPECT_EQ(plan_index("q1233", 1234), 1233);
}

TEST(PlanIndexTest, RejectsIdsThePlanNeverMade) {
  EXPECT_EQ(plan_index("q18", 18), -1);
  EXPECT_EQ(plan_index("q0", 0), -1);
  for (const char* id : {"", "q", "Q1", "x1", "1", "q+1", "q-1", "q 1", " q1", "q1 ", "q1a", "q01", "q00", "q0x1",
                         "q99999999999999999999999999"}) {
    EXPECT_EQ(plan_index(id, 1000), -1) << id;
  }
}

}  // namespace
}  // namespace rds_exporter::collection
