// Which databases rds_exporter watches, as target.tag_key, target.tag_value and target.tags choose them, against
// rds_sim's demo fleet.
#include "exporter_test_support.h"
#include "rds_sim_process.h"

#include <gtest/gtest.h>

#include <memory>

namespace rds_exporter::testing {
namespace {

class ExporterTagFilterTest : public SharedSimTest<ExporterTagFilterTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() {
    return std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET);
  }

 protected:
  static std::set<std::string> info_instances(const MetricsPage& page) {
    return page.label_values("rds_instance_info", "db_instance_identifier");
  }
};

TEST_F(ExporterTagFilterTest, NoMatchExportsNoDatabaseButStaysHealthy) {
  // The inventory would still show the account's quotas and events, which belong to no database.
  ExporterProcess exporter(sim_->base_url(), {{"target.tag_value", "nonexistent"}, {"inventory.enabled", "false"}});
  const MetricsPage page = exporter.scrape();

  EXPECT_FALSE(page.has("rds_instance_info"));
  EXPECT_TRUE(page.rds_series().empty());
  EXPECT_EQ(page.value("rds_exporter_instances_discovered"), 0);
  EXPECT_EQ(page.value("rds_exporter_series"), 0);
  EXPECT_EQ(page.value("rds_exporter_collections_total", {{"result", "failure"}}), 0);
  EXPECT_EQ(exporter.health_status(), 200);
  EXPECT_TRUE(exporter.running());
}

TEST_F(ExporterTagFilterTest, AnEmptyTagKeyWatchesEveryRdsDatabase) {
  ExporterProcess exporter(sim_->base_url(), {{"target.tag_key", ""}});
  const MetricsPage page = exporter.scrape();
  const std::set<std::string> expected = expected_instances(fleet_, {});

  EXPECT_EQ(info_instances(page), expected);
  EXPECT_EQ(page.value("rds_exporter_instances_discovered"), static_cast<double>(expected.size()));
  EXPECT_EQ(page.value("rds_exporter_instances_skipped", {{"reason", "tag_filter"}}), 0);
  // Neptune and DocumentDB are listed by DescribeDBInstances, but they are not RDS databases.
  for (const std::string& engine : page.label_values("rds_instance_info", "engine")) {
    EXPECT_TRUE(is_rds_engine(engine)) << engine;
  }
  // The untagged database is watched too; the stopped one is listed but has nothing to report.
  EXPECT_TRUE(page.has("rds_cpuutilization", {{"db_instance_identifier", "legacy-analytics-mysql"}}));
  const Labels stopped{{"db_instance_identifier", "identity-db-dev"}};
  const MetricsPage inventory = exporter.wait_for(
      "the inventory's status", [&](const MetricsPage& current) { return current.has("rds_instance_status", stopped); });
  EXPECT_EQ(inventory.value("rds_instance_status", stopped), 0) << "qonto's code for stopped";
  EXPECT_EQ(inventory.one("rds_instance_state_info", stopped).labels.at("status"), "stopped");
  EXPECT_FALSE(page.has("rds_cpuutilization", {{"db_instance_identifier", "identity-db-dev"}}));
}

TEST_F(ExporterTagFilterTest, EveryConditionMustHold) {
  ExporterProcess exporter(sim_->base_url(), {{"target.tags", "team=payments|inventory,service"}});
  const MetricsPage page = exporter.scrape();
  const std::set<std::string> expected =
      expected_instances(fleet_, {{"env", {"prd"}}, {"team", {"payments", "inventory"}}, {"service", {}}});

  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(info_instances(page), expected);
  EXPECT_EQ(page.label_values("rds_cpuutilization", "db_instance_identifier"), expected);
}

TEST_F(ExporterTagFilterTest, ClusterMembersMatchThroughTheirClustersTags) {
  ExporterProcess exporter(sim_->base_url(), {{"target.tag_key", "team"}, {"target.tag_value", "ledger"}});
  const MetricsPage page = exporter.scrape();
  const std::set<std::string> expected = expected_instances(fleet_, {{"team", {"ledger"}}});

  EXPECT_EQ(expected, (std::set<std::string>{"ledger-aurora-prd-instance-1", "ledger-aurora-prd-instance-2"}));
  EXPECT_EQ(info_instances(page), expected);
  EXPECT_EQ(page.label_values("rds_volumebytesused", "db_cluster_identifier"),
            std::set<std::string>{"ledger-aurora-prd"});
}

}  // namespace
}  // namespace rds_exporter::testing
