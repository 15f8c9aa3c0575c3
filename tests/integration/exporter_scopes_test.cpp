// Many scopes in one process (issue 14): 3 accounts × 2 regions of rds_sim, reached through Organizations or
// aws.accounts; every instance once with its account and region, each scope's calls at its minimum, and one
// scope's failure (a role that cannot be assumed, a throttling storm) left to that scope.
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "subprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kManagement[] = "123456789012";
constexpr char kMember2[] = "210000000002";
constexpr char kMember3[] = "210000000003";
const std::vector<std::string> kRegions{"ap-northeast-2", "us-east-1"};
constexpr char kBasePrincipal[] = "arn:aws:iam::123456789012:user/rds-exporter";

std::string role_of(const std::string& account) { return "arn:aws:iam::" + account + ":role/rds-exporter"; }

struct ScopeKey {
  std::string account;
  std::string region;
  auto operator<=>(const ScopeKey&) const = default;
};

class ExporterScopesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = RdsSimProcess::generated(RDS_SIM_BINARY, 36, 7, {"--accounts", "3", "--regions", "2"});
    const nlohmann::json fleet = sim_->fleet();
    // Without a tag filter, every instance of an RDS engine is watched (not Neptune's or DocumentDB's).
    const std::set<std::string> watched = expected_instances(parse_fleet(fleet), {});
    for (const auto& instance : fleet.at("instances")) {
      if (!watched.contains(instance.at("id").get<std::string>())) continue;
      instances_[instance.at("id").get<std::string>()] = {instance.at("account_id").get<std::string>(),
                                                          instance.at("region").get<std::string>()};
    }
  }

  // Every scope of the fleet: 3 accounts × 2 regions.
  static std::set<ScopeKey> all_scopes() {
    std::set<ScopeKey> scopes;
    for (const char* account : {kManagement, kMember2, kMember3}) {
      for (const auto& region : kRegions) scopes.insert({account, region});
    }
    return scopes;
  }

  static Labels labels_of(const ScopeKey& scope) {
    return {{"aws_account_id", scope.account}, {"region", scope.region}};
  }

  // The instances of one scope, by identifier, as rds_instance_info shows them.
  std::set<std::string> shown_instances(const MetricsPage& page, const ScopeKey& scope) const {
    std::set<std::string> shown;
    for (const auto& sample : page.find("rds_instance_info", labels_of(scope))) {
      shown.insert(sample.labels.at("db_instance_identifier"));
    }
    return shown;
  }

  std::set<std::string> fleet_instances(const ScopeKey& scope) const {
    std::set<std::string> ids;
    for (const auto& [id, where] : instances_) {
      if (where == scope) ids.insert(id);
    }
    return ids;
  }

  // Sim-side successful calls of one operation in one scope (GET /_sim/stats/scopes).
  int calls(const ScopeKey& scope, const std::string& service, const std::string& operation) const {
    const auto stats = sim_->admin("GET", "/_sim/stats/scopes");
    const nlohmann::json::json_pointer pointer("/scopes/" + scope.account + "/" + scope.region + "/" + service + "/" +
                                               operation + "/200");
    return stats.contains(pointer) ? stats.at(pointer).get<int>() : 0;
  }

  static bool up(const MetricsPage& page, const ScopeKey& scope) {
    return page.has("rds_exporter_scope_up", labels_of(scope)) &&
           page.value("rds_exporter_scope_up", labels_of(scope)) == 1;
  }

  void expect_every_instance_once_in_its_scope(const MetricsPage& page, const std::set<ScopeKey>& scopes) const {
    for (const ScopeKey& scope : scopes) {
      EXPECT_EQ(shown_instances(page, scope), fleet_instances(scope)) << scope.account << " " << scope.region;
    }
    // No instance anywhere else, and none twice.
    EXPECT_EQ(page.find("rds_instance_info").size(), [&] {
      std::size_t count = 0;
      for (const ScopeKey& scope : scopes) count += fleet_instances(scope).size();
      return count;
    }());
  }

  std::unique_ptr<RdsSimProcess> sim_;
  std::map<std::string, ScopeKey> instances_;
};

TEST_F(ExporterScopesTest, TheOrganizationsAccountsInEveryRegionEachInstanceOnceAtTheMinimumCost) {
  ExporterProcess exporter(sim_->base_url(),
                           {{"aws.organization.role_name", "rds-exporter"},
                            {"aws.regions", "ap-northeast-2,us-east-1"},
                            {"target.tag_key", ""},
                            {"performance_insights.enabled", "false"}},
                           {.wait_for_first_collection = false});
  exporter.wait_for_status("/-/healthy", 200, 10s);
  const MetricsPage page = exporter.wait_for("every scope up and served", [&](const MetricsPage& current) {
    for (const ScopeKey& scope : all_scopes()) {
      if (!up(current, scope) || shown_instances(current, scope).empty()) return false;
    }
    return true;
  });
  EXPECT_EQ(page.value("rds_exporter_scopes"), 6);
  expect_every_instance_once_in_its_scope(page, all_scopes());
  for (const ScopeKey& scope : all_scopes()) {
    SCOPED_TRACE(scope.account + "/" + scope.region);
    const auto ids = fleet_instances(scope);
    ASSERT_FALSE(ids.empty());
    // One discovery: ⌈instances/100⌉ pages; each cycle ⌈queries/500⌉ GetMetricData calls; the exporter counts
    // what the simulator answered.
    EXPECT_EQ(calls(scope, "rds", "DescribeDBInstances"), 1);
    const double cycles = page.sum("rds_exporter_collections_total", labels_of(scope));
    const double queries = page.value("rds_exporter_cloudwatch_queries", labels_of(scope));
    EXPECT_EQ(page.value("rds_exporter_cloudwatch_last_cycle_get_metric_data_calls", labels_of(scope)),
              std::ceil(queries / 500));
    EXPECT_EQ(calls(scope, "monitoring", "GetMetricData"),
              page.value("rds_exporter_cloudwatch_get_metric_data_calls_total", labels_of(scope)));
    EXPECT_EQ(page.value("rds_exporter_cloudwatch_metrics_requested_total", labels_of(scope)), queries * cycles);
  }
  // Organizations is called with the base credentials, in the management account, signed for us-east-1.
  EXPECT_GE(calls({kManagement, "us-east-1"}, "organizations", "ListAccounts"), 1);
}

TEST_F(ExporterScopesTest, AnUnassumableRoleAndAThrottledRegionStayInTheirScopesAndRecover) {
  // Account 3's role trusts nobody; account 2's us-east-1 is throttled on every call.
  sim_->admin("PUT", "/_sim/roles/trust", {{"role_arn", role_of(kMember3)}, {"trusted_principals", nlohmann::json::array()}});
  sim_->set_faults({{"rules",
                     {{{"service", "rds"}, {"account", kMember2}, {"region", "us-east-1"}, {"throttle", 1}},
                      {{"service", "monitoring"}, {"account", kMember2}, {"region", "us-east-1"}, {"throttle", 1}}}}});
  const nlohmann::json accounts = nlohmann::json::array(
      {nlohmann::json::object(), {{"role_arn", role_of(kMember2)}}, {{"role_arn", role_of(kMember3)}}});
  ExporterProcess exporter(sim_->base_url(),
                           {{"aws.accounts", accounts.dump()},
                            {"aws.regions", "ap-northeast-2,us-east-1"},
                            {"target.tag_key", ""},
                            {"performance_insights.enabled", "false"},
                            {"cloudwatch.retry_attempts", "1"},
                            {"target.discovery_interval", "2"},
                            {"exporter.collection_interval", "2"}},
                           {.wait_for_first_collection = false});
  exporter.wait_for_status("/-/healthy", 200, 10s);
  const std::set<ScopeKey> healthy{{kManagement, "ap-northeast-2"}, {kManagement, "us-east-1"},
                                   {kMember2, "ap-northeast-2"}};
  const std::set<ScopeKey> failing{{kMember2, "us-east-1"}, {kMember3, "ap-northeast-2"}, {kMember3, "us-east-1"}};
  const MetricsPage first = exporter.wait_for("the healthy scopes up, twice collected", [&](const MetricsPage& page) {
    for (const ScopeKey& scope : healthy) {
      if (!up(page, scope) || page.sum("rds_exporter_collections_total", labels_of(scope)) < 2 ||
          shown_instances(page, scope).empty()) {
        return false;
      }
    }
    for (const ScopeKey& scope : failing) {
      if (page.sum("rds_exporter_discoveries_total", {{"aws_account_id", scope.account}, {"region", scope.region},
                                                      {"result", "failure"}}) < 2) {
        return false;
      }
    }
    return true;
  });
  expect_every_instance_once_in_its_scope(first, healthy);
  for (const ScopeKey& scope : failing) {
    EXPECT_FALSE(up(first, scope)) << scope.account << " " << scope.region;
    EXPECT_TRUE(shown_instances(first, scope).empty());
  }
  // The exporter as a whole is healthy and ready: half its scopes serve.
  EXPECT_EQ(exporter.status_of("/health"), 200);
  EXPECT_EQ(exporter.status_of("/-/ready"), 200);

  // Both causes go away; both scopes come back by themselves.
  sim_->admin("PUT", "/_sim/roles/trust",
              {{"role_arn", role_of(kMember3)}, {"trusted_principals", nlohmann::json::array({kBasePrincipal})}});
  sim_->clear_faults();
  const MetricsPage recovered = exporter.wait_for(
      "every scope up after the repair",
      [&](const MetricsPage& page) {
        for (const ScopeKey& scope : all_scopes()) {
          if (!up(page, scope) || shown_instances(page, scope) != fleet_instances(scope)) return false;
        }
        return true;
      },
      30s);
  expect_every_instance_once_in_its_scope(recovered, all_scopes());
}

// --check-aws proves every scope before deployment: each account's role, each region, every action.
TEST_F(ExporterScopesTest, CheckAwsTriesEveryActionInEveryScope) {
  const ProcessResult result = run(
      RDS_EXPORTER_BINARY,
      {"--check-aws", "--config-dir", RDS_EXPORTER_CONFIG_DIR, "--set", "aws.endpoint_url=" + sim_->base_url(), "--set",
       "aws.region=ap-northeast-2", "--set", "aws.regions=ap-northeast-2,us-east-1", "--set",
       "aws.organization.role_name=rds-exporter"},
      {{"AWS_ACCESS_KEY_ID", kExporterAccessKeyId},
       {"AWS_SECRET_ACCESS_KEY", kExporterSecretAccessKey},
       {"AWS_EC2_METADATA_DISABLED", "true"},
       {"AWS_CONFIG_FILE", "/nonexistent"},
       {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_THAT(result.out, ::testing::ContainsRegex("scopes +6 to watch"));
  for (const ScopeKey& scope : all_scopes()) {
    EXPECT_THAT(result.out, ::testing::HasSubstr(scope.account + "/" + scope.region + " (through " + role_of(scope.account)));
  }
  std::size_t checked = 0;
  for (auto at = result.out.find("rds:DescribeDBInstances               ok"); at != std::string::npos;
       at = result.out.find("rds:DescribeDBInstances               ok", at + 1)) {
    ++checked;
  }
  EXPECT_EQ(checked, 6u);
  EXPECT_THAT(result.out, ::testing::Not(::testing::HasSubstr("FAILED")));
}

}  // namespace
}  // namespace rds_exporter::testing
