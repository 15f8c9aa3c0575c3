#include "sim/fleet/fleet_loader.h"
#include "sim/fleet/standard_credential_sources.h"
#include "sim/fleet/standard_principals.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rds_exporter::sim {
namespace {

const Fleet& demo_fleet() {
  static const Fleet fleet = [] {
    auto loaded = load_fleet_file(RDS_SIM_FLEETS_DIR "/demo.yaml", "ap-northeast-2");
    if (auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
      throw std::runtime_error("demo.yaml: " + problems->front());
    }
    return std::get<Fleet>(std::move(loaded));
  }();
  return fleet;
}

template <class Predicate>
bool any_instance(Predicate predicate) {
  const auto instances = demo_fleet().instances();
  return std::any_of(instances.begin(), instances.end(), predicate);
}

TEST(SimDemoFleet, ListsTheStandardPrincipals) {
  const auto principals = demo_fleet().principals();
  const auto standard = standard_principals(kDefaultAccountId);
  EXPECT_TRUE(std::equal(principals.begin(), principals.end(), standard.begin(), standard.end()))
      << "sim/fleets/demo.yaml and sim/fleet/standard_principals.cpp must list the same principals";
}

TEST(SimDemoFleet, ListsTheStandardRolesAndCredentialEndpoints) {
  EXPECT_EQ(demo_fleet().credential_sources(), standard_credential_sources(kDefaultAccountId))
      << "sim/fleets/demo.yaml and sim/fleet/standard_credential_sources.cpp must list the same roles and endpoints";
}

TEST(SimDemoFleet, HasAboutTwentyInstancesCoveringWhatTheExporterMustHandle) {
  const Fleet& fleet = demo_fleet();
  EXPECT_EQ(fleet.instances().size(), 20u);
  for (const auto engine : {"aurora-mysql", "aurora-postgresql", "postgres", "mysql", "mariadb", "oracle-ee",
                            "sqlserver-se", "sqlserver-ex", "neptune", "docdb"}) {
    EXPECT_TRUE(any_instance([&](const DbInstance& i) { return i.engine == engine; })) << engine;
  }
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.tags.empty() && i.cluster_identifier.empty(); }));
  EXPECT_TRUE(any_instance([&](const DbInstance& i) {
    return i.tags.empty() && !i.cluster_identifier.empty() && !fleet.find_cluster(i.cluster_identifier)->tags.empty();
  }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return !i.read_replica_source.empty(); }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.multi_az; }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.status == "stopped"; }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.performance_insights_enabled; }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.monitoring_interval == 60; }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) { return i.ca_certificate_identifier == "rds-ca-2019"; }));
  EXPECT_TRUE(any_instance([](const DbInstance& i) {
    return std::any_of(i.tags.begin(), i.tags.end(),
                       [](const Tag& t) { return t.value.find_first_of("&<>\"'") != std::string::npos; });
  }));
}

}  // namespace
}  // namespace rds_exporter::sim
