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
  ASSERT_EQ(plan.queries.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const aws::MetricDataQuery& query = plan.queries[i];
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
  EXPECT_EQ(plan.series[0], (SeriesKey{MetricScope::instance, "orders",
                                       catalog::find_metric("CPUUtilization", MetricScope::instance), "Average"}));
  EXPECT_EQ(plan.series[1], (SeriesKey{MetricScope::cluster, "payments",
                                       catalog::find_metric("VolumeBytesUsed", MetricScope::cluster), "Maximum"}));
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
  EXPECT_TRUE(plan.queries.empty());
  EXPECT_TRUE(plan.series.empty());
  EXPECT_TRUE(plan.batches(500).empty());
}

TEST(QueryPlanTest, PacksTwoHundredFiftyInstancesIntoTheFewestRequests) {
  const catalog::MetricSelection selection{catalog::SelectionRules{}};
  const std::size_t per_instance =
      selection.for_source(MetricScope::instance, {EngineFamily::postgres, catalog::kProvisioned}).size();
  ASSERT_GT(per_instance, 1u);

  const QueryPlan plan = build_query_plan(postgres_fleet(250), selection, 60s);
  const std::size_t total = 250 * per_instance;
  ASSERT_EQ(plan.queries.size(), total);
  ASSERT_EQ(plan.series.size(), total);

  const auto batches = plan.batches(500);
  ASSERT_EQ(batches.size(), (total + 499) / 500);
  for (std::size_t i = 0; i < batches.size(); ++i) {
    EXPECT_LE(batches[i].size(), 500u);
    EXPECT_EQ(batches[i].data(), plan.queries.data() + i * 500);
    if (i + 1 < batches.size()) {
      EXPECT_EQ(batches[i].size(), 500u);
    }
  }
  EXPECT_EQ(batches.back().data() + batches.back().size(), plan.queries.data() + total);
}

TEST(QueryPlanTest, EveryQueryIdLeadsBackToItsSeries) {
  const QueryPlan plan = build_query_plan(postgres_fleet(40), catalog::MetricSelection(catalog::SelectionRules{}), 60s);
  ASSERT_FALSE(plan.queries.empty());
  for (std::size_t i = 0; i < plan.queries.size(); ++i) {
    EXPECT_EQ(plan.queries[i].id, "q" + std::to_string(i));
    EXPECT_EQ(plan_index(plan.queries[i].id, plan.queries.size()), static_cast<long>(i));
    EXPECT_EQ(plan.queries[i].dimensions.front().second, plan.series[i].source_identifier);
    EXPECT_EQ(plan.queries[i].metric_name, plan.series[i].metric->name);
    EXPECT_EQ(plan.queries[i].stat, plan.series[i].statistic);
  }
}

TEST(QueryPlanTest, BatchesCutAtTheRequestedSize) {
  const QueryPlan plan = build_query_plan(postgres_fleet(7), only_metrics({"CPUUtilization"}), 60s);
  const auto batches = plan.batches(3);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].size(), 3u);
  EXPECT_EQ(batches[1].size(), 3u);
  ASSERT_EQ(batches[2].size(), 1u);
  EXPECT_EQ(batches[2].front().id, "q6");
  EXPECT_THROW(plan.batches(0), std::invalid_argument);
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
