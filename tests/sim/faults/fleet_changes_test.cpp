#include "sim/faults/fleet_changes.h"

#include "sim/fleet/fleet_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Fleet base_fleet() {
  auto loaded = parse_fleet(R"(
account_id: "210987654321"
clusters:
  - {id: orders, engine: aurora-mysql, engine_version: "3.07.1", tags: {team: orders}}
instances:
  - {id: orders-1, cluster: orders, cluster_writer: true, class: db.r6g.large}
  - {id: pg-1, engine: postgres, class: db.r6g.large, tags: {env: prd}}
  - {id: pg-1-replica, engine: postgres, class: db.r6g.large, replica_of: pg-1}
)",
                            "base.yaml", "ap-northeast-2");
  if (auto* problems = std::get_if<std::vector<std::string>>(&loaded)) {
    ADD_FAILURE() << ::testing::PrintToString(*problems);
  }
  return std::get<Fleet>(std::move(loaded));
}

Fleet changed(FleetChange change) {
  if (const auto* error = std::get_if<FleetChangeError>(&change)) {
    ADD_FAILURE() << ::testing::PrintToString(error->problems);
  }
  return std::get<Fleet>(std::move(change));
}

FleetChangeError error_of(const FleetChange& change) {
  if (std::holds_alternative<Fleet>(change)) {
    ADD_FAILURE() << "the change succeeded";
    return {};
  }
  return std::get<FleetChangeError>(change);
}

std::vector<std::string> identifiers(const Fleet& fleet) {
  std::vector<std::string> out;
  for (const auto& instance : fleet.instances()) out.push_back(instance.identifier);
  return out;
}

TEST(SimFleetChanges, AddsAStandaloneInstanceWithTheLoadersDefaults) {
  const Fleet fleet = base_fleet();
  const Fleet after = changed(add_instance(fleet, R"({"id": "New-DB", "engine": "mysql", "class": "db.t3.micro",
                                                      "multi_az": true, "tags": {"env": "prd", "team": "x"}})"));
  EXPECT_THAT(identifiers(after), ElementsAre("new-db", "orders-1", "pg-1", "pg-1-replica"));
  const DbInstance& added = *after.find_instance("new-db");
  EXPECT_EQ(added.arn, "arn:aws:rds:ap-northeast-2:210987654321:db:new-db");
  EXPECT_EQ(added.storage_type, "gp3");
  EXPECT_EQ(added.availability_zone, "ap-northeast-2a");
  EXPECT_EQ(added.secondary_availability_zone, "ap-northeast-2b");
  EXPECT_EQ(added.tags, (std::vector<Tag>{{"env", "prd"}, {"team", "x"}}));
  EXPECT_EQ(fleet.instances().size(), 3u);  // the old fleet stays as it was for requests still reading it
}

TEST(SimFleetChanges, AnInstanceCanJoinAClusterAndReplicateAnInstance) {
  const Fleet fleet = base_fleet();
  const Fleet with_reader =
      changed(add_instance(fleet, R"({"id": "orders-2", "cluster": "orders", "class": "db.r6g.large",
                                      "availability_zone": "c"})"));
  EXPECT_EQ(with_reader.find_instance("orders-2")->engine, "aurora-mysql");
  EXPECT_EQ(with_reader.find_instance("orders-2")->engine_version, "3.07.1");
  EXPECT_THAT(with_reader.find_cluster("orders")->member_identifiers, ElementsAre("orders-1", "orders-2"));
  EXPECT_TRUE(with_reader.find_cluster("orders")->multi_az);
  EXPECT_EQ(with_reader.find_cluster("orders")->tags, (std::vector<Tag>{{"team", "orders"}}));

  const Fleet with_replica = changed(add_instance(
      with_reader, R"({"id": "pg-1-replica-2", "engine": "postgres", "class": "db.t3.micro", "replica_of": "pg-1"})"));
  EXPECT_THAT(with_replica.find_instance("pg-1")->read_replica_identifiers,
              ElementsAre("pg-1-replica", "pg-1-replica-2"));
  EXPECT_THAT(with_replica.find_cluster("orders")->member_identifiers, ElementsAre("orders-1", "orders-2"));
}

TEST(SimFleetChanges, AddingReportsTheFleetFilesProblemsByKey) {
  const Fleet fleet = base_fleet();
  const auto invalid = error_of(add_instance(fleet, R"({"id": "x-", "engine": "postgress", "clas": "db.t3.micro"})"));
  EXPECT_EQ(invalid.failure, FleetChangeFailure::kInvalid);
  EXPECT_THAT(invalid.problems,
              ElementsAre("unknown key 'clas'; did you mean 'class'?",
                          "id: 'x-' must not end with a hyphen or hold two in a row", "class: missing (required)",
                          "engine: unknown engine 'postgress'; did you mean 'postgres'?"));
  EXPECT_THAT(error_of(add_instance(fleet, R"({"id": "a", "cluster": "nope", "class": "db.t3.micro"})")).problems,
              ElementsAre("cluster: no cluster 'nope' in clusters"));
  EXPECT_THAT(error_of(add_instance(fleet, "[1]")).problems,
              ElementsAre("expected a JSON object with the keys of a fleet file instance"));
}

TEST(SimFleetChanges, AddingRefusesWhatWouldMakeTheFleetInconsistent) {
  const Fleet fleet = base_fleet();
  const auto taken = error_of(add_instance(fleet, R"({"id": "PG-1", "engine": "postgres", "class": "db.t3.micro"})"));
  EXPECT_EQ(taken.failure, FleetChangeFailure::kConflict);
  EXPECT_THAT(taken.problems, ElementsAre("id: another instance already has the identifier 'pg-1'"));
  EXPECT_THAT(
      error_of(
          add_instance(fleet, R"({"id": "o2", "cluster": "orders", "cluster_writer": true, "class": "db.r6g.large"})"))
          .problems,
      ElementsAre("cluster_writer: cluster 'orders' already has a writer, 'orders-1'"));
  EXPECT_EQ(error_of(add_instance(fleet, R"({"id": "r", "engine": "aurora-mysql", "class": "db.r6g.large",
                                            "replica_of": "orders-1"})"))
                .failure,
            FleetChangeFailure::kConflict);
}

TEST(SimFleetChanges, RemovesAnInstanceAndItsClusterMembership) {
  const Fleet fleet = base_fleet();
  const Fleet without_writer = changed(remove_instance(fleet, "ORDERS-1"));
  EXPECT_THAT(identifiers(without_writer), ElementsAre("pg-1", "pg-1-replica"));
  EXPECT_THAT(without_writer.find_cluster("orders")->member_identifiers, IsEmpty());

  const Fleet without_replica = changed(remove_instance(fleet, "pg-1-replica"));
  EXPECT_THAT(without_replica.find_instance("pg-1")->read_replica_identifiers, IsEmpty());
}

TEST(SimFleetChanges, RemovingRefusesUnknownInstancesAndReplicationSources) {
  const Fleet fleet = base_fleet();
  const auto missing = error_of(remove_instance(fleet, "nope"));
  EXPECT_EQ(missing.failure, FleetChangeFailure::kNotFound);
  EXPECT_THAT(missing.problems, ElementsAre("no instance 'nope'"));
  const auto source = error_of(remove_instance(fleet, "pg-1"));
  EXPECT_EQ(source.failure, FleetChangeFailure::kConflict);
  EXPECT_THAT(source.problems, ElementsAre("'pg-1' has read replicas (pg-1-replica): remove them first"));
}

TEST(SimFleetChanges, ReplacesTagsOfAnyInstance) {
  const Fleet fleet = base_fleet();
  const Fleet retagged = changed(set_instance_tags(fleet, "orders-1", R"({"env": "stg", "owner": "a&b"})"));
  EXPECT_EQ(retagged.find_instance("orders-1")->tags, (std::vector<Tag>{{"env", "stg"}, {"owner", "a&b"}}));
  EXPECT_EQ(retagged.find_instance("orders-1")->cluster_identifier, "orders");
  const Fleet untagged = changed(set_instance_tags(retagged, "pg-1", "{}"));
  EXPECT_THAT(untagged.find_instance("pg-1")->tags, IsEmpty());
  EXPECT_THAT(untagged.find_instance("pg-1")->read_replica_identifiers, ElementsAre("pg-1-replica"));
}

TEST(SimFleetChanges, TagsFollowTheFleetFilesRules) {
  const Fleet fleet = base_fleet();
  EXPECT_EQ(error_of(set_instance_tags(fleet, "nope", "{}")).failure, FleetChangeFailure::kNotFound);
  EXPECT_THAT(error_of(set_instance_tags(fleet, "pg-1", R"({"env": "a\u0001b"})")).problems,
              ElementsAre("tags: tag 'env': tags cannot hold control characters"));
  EXPECT_THAT(error_of(set_instance_tags(fleet, "pg-1", R"(["env"])")).problems,
              ElementsAre(R"(expected a JSON object of tags, {"key": "value", ...})"));
  EXPECT_THAT(error_of(set_instance_tags(fleet, "pg-1", R"({"env": {"nested": 1}})")).problems.size(), 1u);
}

}  // namespace
}  // namespace rds_exporter::sim
