#include "sim/fleet/deterministic_random.h"
#include "sim/fleet/engine_catalog.h"
#include "sim/fleet/fleet_generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace rds_exporter::sim {
namespace {

using ::testing::ElementsAre;

Fleet generated(std::size_t count, std::uint64_t seed = kDefaultGeneratorSeed, std::string region = "ap-northeast-2") {
  GeneratorOptions options;
  options.instance_count = count;
  options.seed = seed;
  options.region = std::move(region);
  return generate_fleet(options);
}

// RDS's identifier rules: a lowercase letter first, then lowercase letters, digits and single hyphens.
bool valid_identifier(std::string_view id) {
  const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  return !id.empty() && id.size() <= 63 && id.front() >= 'a' && id.front() <= 'z' &&
         std::all_of(id.begin(), id.end(), allowed) && id.back() != '-' && id.find("--") == std::string_view::npos;
}

bool same_databases(const Fleet& a, const Fleet& b) {
  return std::ranges::equal(a.instances(), b.instances()) && std::ranges::equal(a.clusters(), b.clusters());
}

std::string tag(const DbInstance& instance, std::string_view key) {
  for (const auto& t : instance.tags) {
    if (t.key == key) return t.value;
  }
  return "";
}

// The draws are written out by hand so that they do not depend on the standard library: these values must
// come out on every platform, or generated fleets differ between machines.
TEST(SimDeterministicRandom, DrawsTheSameNumbersEverywhere) {
  DeterministicRandom random(42);
  std::vector<std::uint64_t> draws;
  for (int i = 0; i < 5; ++i) draws.push_back(random.below(1000));
  EXPECT_THAT(draws, ElementsAre(406u, 824u, 450u, 662u, 381u));
  const unsigned weights[] = {1, 0, 3};
  std::map<std::size_t, int> counts;
  for (int i = 0; i < 4000; ++i) ++counts[random.weighted_index(weights)];
  EXPECT_EQ(counts.count(1), 0u);
  EXPECT_NEAR(counts[2] / 4000.0, 0.75, 0.03);
}

TEST(SimFleetGenerator, GivesTheSameFleetForTheSameSeedOnEveryPlatform) {
  EXPECT_TRUE(same_databases(generated(300), generated(300)));
  EXPECT_FALSE(same_databases(generated(300), generated(300, 7)));
  const Fleet fleet = generated(50);
  EXPECT_THAT((std::vector<std::string>{fleet.instances()[0].identifier, fleet.instances()[1].identifier,
                                        fleet.instances()[2].identifier}),
              ElementsAre("analytics-jobs-dev-0001", "analytics-jobs-dev-0019", "billing-api-stg-0006"));
}

TEST(SimFleetGenerator, MakesExactlyTheInstancesAskedFor) {
  for (const std::size_t count : {1, 2, 3, 7, 250, 1000})
    EXPECT_EQ(generated(count).instances().size(), count) << count;
}

TEST(SimFleetGenerator, KeepsTheFleetConsistent) {
  const Fleet fleet = generated(1000);
  std::set<std::string> identifiers;
  std::set<std::string> resource_ids;
  for (const auto& instance : fleet.instances()) {
    EXPECT_TRUE(valid_identifier(instance.identifier)) << instance.identifier;
    EXPECT_TRUE(identifiers.insert(instance.identifier).second) << instance.identifier;
    EXPECT_TRUE(resource_ids.insert(instance.dbi_resource_id).second) << instance.dbi_resource_id;
    EXPECT_TRUE(instance.availability_zone.starts_with("ap-northeast-2")) << instance.availability_zone;
    const EngineInfo* engine = find_engine(instance.engine);
    ASSERT_NE(engine, nullptr) << instance.engine;
    EXPECT_EQ(engine->clustered, !instance.cluster_identifier.empty()) << instance.identifier;
    if (!instance.read_replica_source.empty()) {
      const DbInstance* source = fleet.find_instance(instance.read_replica_source);
      ASSERT_NE(source, nullptr) << instance.identifier;
      EXPECT_EQ(source->engine, instance.engine);
      EXPECT_TRUE(source->cluster_identifier.empty());
    }
  }
  for (const auto& cluster : fleet.clusters()) {
    ASSERT_FALSE(cluster.member_identifiers.empty()) << cluster.identifier;
    int writers = 0;
    for (const auto& member : cluster.member_identifiers) {
      const DbInstance& instance = *fleet.find_instance(member);
      writers += instance.cluster_writer ? 1 : 0;
      EXPECT_EQ(instance.engine, cluster.engine);
      EXPECT_EQ(instance.engine_version, cluster.engine_version);
    }
    EXPECT_EQ(writers, 1) << cluster.identifier;
  }
}

TEST(SimFleetGenerator, HasTheMixOfARealAccount) {
  const Fleet fleet = generated(1000);
  std::map<std::string, int> engines;
  std::map<std::string, int> environments;
  std::map<std::string, int> certificates;
  int replicas = 0, insights = 0, monitored = 0, multi_az = 0, not_available = 0, untagged_members = 0;
  for (const auto& instance : fleet.instances()) {
    ++engines[instance.engine];
    ++environments[tag(instance, "env")];
    ++certificates[instance.ca_certificate_identifier];
    replicas += instance.read_replica_source.empty() ? 0 : 1;
    insights += instance.performance_insights_enabled ? 1 : 0;
    monitored += instance.monitoring_interval == 60 ? 1 : 0;
    multi_az += instance.multi_az ? 1 : 0;
    not_available += instance.status == "available" ? 0 : 1;
    if (!instance.cluster_identifier.empty() && instance.tags.empty() &&
        !fleet.find_cluster(instance.cluster_identifier)->tags.empty()) {
      ++untagged_members;
    }
  }
  for (const auto engine : {"postgres", "mysql", "mariadb", "aurora-mysql", "aurora-postgresql", "oracle-ee",
                            "oracle-se2", "sqlserver-se", "sqlserver-ee", "neptune", "docdb"}) {
    EXPECT_GT(engines[engine], 0) << engine;
  }
  EXPECT_GT(engines["postgres"], engines["mariadb"]);
  EXPECT_GT(engines["aurora-mysql"] + engines["aurora-postgresql"], 200);
  EXPECT_LT(engines["neptune"] + engines["docdb"], 100);
  for (const auto environment : {"prd", "stg", "dev", ""}) EXPECT_GT(environments[environment], 30) << environment;
  EXPECT_GT(environments["prd"], environments["stg"]);
  EXPECT_GT(certificates["rds-ca-2019"], 0);
  EXPECT_GT(replicas, 20);
  EXPECT_GT(insights, 200);
  EXPECT_LT(insights, 800);
  EXPECT_GT(monitored, 50);
  EXPECT_GT(multi_az, 50);
  EXPECT_GT(not_available, 0);
  EXPECT_GT(untagged_members, 0);
  EXPECT_GT(fleet.clusters().size(), 100u);
}

TEST(SimFleetGenerator, PlacesInstancesInTheRegionAskedFor) {
  const Fleet fleet = generated(40, kDefaultGeneratorSeed, "eu-west-1");
  EXPECT_EQ(fleet.region(), "eu-west-1");
  for (const auto& instance : fleet.instances()) {
    EXPECT_TRUE(instance.availability_zone.starts_with("eu-west-1")) << instance.availability_zone;
    EXPECT_TRUE(instance.arn.starts_with("arn:aws:rds:eu-west-1:123456789012:db:")) << instance.arn;
  }
}

}  // namespace
}  // namespace rds_exporter::sim
