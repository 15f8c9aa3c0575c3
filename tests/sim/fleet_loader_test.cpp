#include "sim/fleet/fleet_loader.h"
#include "sim/fleet/resource_ids.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> problems_of(const std::string& yaml) {
  auto loaded = parse_fleet(yaml, "fleet.yaml", testing::kRegion);
  if (std::holds_alternative<Fleet>(loaded)) return {};
  return std::get<std::vector<std::string>>(loaded);
}

TEST(SimFleetLoader, FillsInWhatRdsWouldForAnInstanceGivenOnlyEngineAndClass) {
  const Fleet fleet = testing::fleet_from_yaml(R"(
instances:
  - id: Orders-DB
    engine: postgres
    class: db.r6g.large
)");
  ASSERT_EQ(fleet.instances().size(), 1u);
  const DbInstance& instance = fleet.instances()[0];
  EXPECT_EQ(instance.identifier, "orders-db");  // RDS keeps identifiers in lower case
  EXPECT_EQ(instance.engine_version, "17.2");
  EXPECT_EQ(instance.status, "available");
  EXPECT_EQ(instance.availability_zone, "ap-northeast-2a");
  EXPECT_EQ(instance.storage_type, "gp3");
  EXPECT_EQ(instance.allocated_storage, 100);
  EXPECT_EQ(instance.iops, 3000);
  EXPECT_EQ(instance.storage_throughput, 125);
  EXPECT_EQ(instance.ca_certificate_identifier, "rds-ca-rsa2048-g1");
  EXPECT_EQ(instance.dbi_resource_id, dbi_resource_id("123456789012", "ap-northeast-2", "orders-db"));
  EXPECT_EQ(instance.arn, "arn:aws:rds:ap-northeast-2:123456789012:db:orders-db");
  EXPECT_TRUE(instance.tags.empty());
}

TEST(SimFleetLoader, ClusterMembersTakeTheClustersEngineAndVersion) {
  const Fleet fleet = testing::fleet_from_yaml(R"(
account_id: "210987654321"
clusters:
  - id: inventory
    engine: aurora-postgresql
    engine_version: "15.6"
    tags: {team: inventory}
instances:
  - {id: inventory-1, cluster: inventory, cluster_writer: true, class: db.r7g.large, availability_zone: a}
  - {id: inventory-2, cluster: inventory, class: db.r7g.large, availability_zone: ap-northeast-2c}
)");
  const DbCluster& cluster = fleet.clusters()[0];
  EXPECT_EQ(cluster.arn, "arn:aws:rds:ap-northeast-2:210987654321:cluster:inventory");
  EXPECT_THAT(cluster.member_identifiers, ElementsAre("inventory-1", "inventory-2"));
  EXPECT_TRUE(cluster.multi_az);
  for (const auto& instance : fleet.instances()) {
    EXPECT_EQ(instance.engine, "aurora-postgresql");
    EXPECT_EQ(instance.engine_version, "15.6");
    EXPECT_EQ(instance.storage_type, "aurora");
    EXPECT_EQ(instance.allocated_storage, 1);
  }
  EXPECT_TRUE(fleet.instances()[0].cluster_writer);
  EXPECT_EQ(fleet.instances()[1].availability_zone, "ap-northeast-2c");
}

TEST(SimFleetLoader, LinksReadReplicasBothWays) {
  const Fleet& fleet = testing::small_fleet();
  EXPECT_THAT(fleet.find_instance("payments-db")->read_replica_identifiers, ElementsAre("payments-db-replica"));
  EXPECT_EQ(fleet.find_instance("payments-db-replica")->read_replica_source, "payments-db");
  EXPECT_EQ(fleet.find_instance("PAYMENTS-DB")->secondary_availability_zone, "ap-northeast-2b");
}

TEST(SimFleetLoader, ReadsPrincipals) {
  const Principal& expired = testing::principal("expired-session");
  EXPECT_EQ(expired.session_token, "rdssim-session-token-expired");
  EXPECT_EQ(expired.arn, "arn:aws:iam::123456789012:user/expired-session");
  ASSERT_TRUE(expired.expiration.has_value());
  EXPECT_EQ(testing::principal("no-rights").allowed_actions, std::vector<std::string>{});
}

TEST(SimFleetLoader, ReadsRolesAndCredentialEndpoints) {
  const Fleet fleet = testing::fleet_from_yaml(R"(
principals:
  - {name: assumer, access_key_id: AKIAASSUMER000000001, secret_access_key: s, allow: [sts:AssumeRole]}
roles:
  - name: reader
    allow: ["rds:Describe*"]
    trusted_principals: [assumer]
    external_id: shared-id
    web_identity_tokens: [token-1]
    max_session_duration: 43200
imds: {role: reader}
container: {role: reader, task_credentials_id: task-1, authorization_token: pod-token}
sso:
  - {access_token: sso-token, roles: [reader]}
)");
  const CredentialSources& sources = fleet.credential_sources();
  ASSERT_EQ(sources.roles.size(), 1u);
  const Role& role = sources.roles[0];
  EXPECT_EQ(role.arn, "arn:aws:iam::123456789012:role/reader");
  EXPECT_EQ(role.trusted_principals, std::vector<std::string>{"assumer"});
  EXPECT_EQ(role.external_id, "shared-id");
  EXPECT_EQ(role.web_identity_provider, "arn:aws:iam::123456789012:oidc-provider/oidc.rds-sim.local");
  EXPECT_EQ(role.max_session_duration, std::chrono::hours{12});
  EXPECT_EQ(sources.find_role_by_arn("arn:aws:iam::123456789012:role/reader"), &role);
  EXPECT_EQ(sources.instance_profile_role, "reader");
  EXPECT_EQ(sources.container, (ContainerCredentialsSource{"reader", "task-1", "pod-token"}));
  ASSERT_EQ(sources.sso.size(), 1u);
  EXPECT_EQ(sources.sso[0].access_token, "sso-token");
}

TEST(SimFleetLoader, ReportsRolesThatNameWhatIsNotThere) {
  EXPECT_THAT(problems_of(R"(roles:
  - {name: r, trusted_principals: [nobody], max_session_duration: 60}
  - {name: r}
imds: {role: missing}
container: {role: r}
sso:
  - {access_token: t, roles: [other]}
)"),
              ElementsAre("fleet.yaml:2: roles[0].trusted_principals: no principal 'nobody' in principals",
                          "fleet.yaml:2: roles[0].max_session_duration: expected a whole number from 3600 to 43200, "
                          "got '60'",
                          "fleet.yaml:3: roles[1].name: another role already has the name 'r'",
                          "fleet.yaml:4: imds.role: no role 'missing' in roles",
                          "fleet.yaml:5: container.task_credentials_id: missing (required)",
                          "fleet.yaml:5: container.authorization_token: missing (required)",
                          "fleet.yaml:7: sso[0].roles: no role 'other' in roles"));
}

TEST(SimFleetLoader, NamesFileLineAndKeyAndSuggestsTheKeyMeant) {
  EXPECT_THAT(problems_of("instances:\n  - id: a\n    engine: mysql\n    class: db.m5.large\n    engne: mysql\n"),
              ElementsAre("fleet.yaml:5: instances[0]: unknown key 'engne'; did you mean 'engine'?"));
}

TEST(SimFleetLoader, SuggestsTheEngineMeant) {
  EXPECT_THAT(problems_of("instances:\n  - {id: a, engine: postgress, class: db.m5.large}\n"),
              ElementsAre("fleet.yaml:2: instances[0].engine: unknown engine 'postgress'; did you mean 'postgres'?"));
}

TEST(SimFleetLoader, ReportsEveryProblemAtOnceInLineOrder) {
  const auto problems = problems_of(R"(
principals:
  - name: x
    access_key_id: short
    secret_access_key: s
    expiration: 2024-01-01T00:00:00Z
    allow: [DescribeDBInstances]
clusters:
  - id: c1
    engine: mysql-aurora
instances:
  - id: 1-starts-with-a-digit
    engine: postgres
    class: r6g.large
  - id: no-class
    engine: postgres
  - id: dup
    engine: mysql
    class: db.m5.large
    allocated_storage: lots
    monitoring_interval: 7
    availability_zone: us-east-1a
  - id: dup
    engine: mysql
    class: db.m5.large
    storage_type: io1
  - id: aurora-alone
    engine: aurora-mysql
    class: db.r6g.large
  - id: member
    cluster: nowhere
    class: db.r6g.large
  - id: replica
    engine: mysql
    class: db.m5.large
    replica_of: ghost
    ca_certificate: rds-ca-2015
    tags: {"bad\ttag": x}
)");
  EXPECT_THAT(
      problems,
      ElementsAre(
          "fleet.yaml:4: principals[0].access_key_id: expected 16 to 128 letters and digits, as AWS access key ids are",
          "fleet.yaml:6: principals[0].expiration: only temporary credentials expire: set session_token too",
          "fleet.yaml:7: principals[0].allow: 'DescribeDBInstances' is not an IAM action like rds:DescribeDBInstances",
          "fleet.yaml:10: clusters[0].engine: unknown engine 'mysql-aurora'",
          "fleet.yaml:12: instances[0].id: '1-starts-with-a-digit' must start with a letter",
          "fleet.yaml:14: instances[0].class: expected an instance class like db.r6g.large, got 'r6g.large'",
          "fleet.yaml:15: instances[1].class: missing (required)",
          "fleet.yaml:20: instances[2].allocated_storage: expected a whole number from 1 to 65536, got 'lots'",
          "fleet.yaml:21: instances[2].monitoring_interval: expected 0, 1, 5, 10, 15, 30 or 60 seconds, got 7",
          "fleet.yaml:22: instances[2].availability_zone: expected a zone letter (a to f) or a zone of ap-northeast-2 "
          "such as ap-northeast-2a, got 'us-east-1a'",
          "fleet.yaml:23: instances[3].id: another instance already has the identifier 'dup'",
          "fleet.yaml:23: instances[3].iops: missing (required for io1 storage)",
          "fleet.yaml:28: instances[4].engine: aurora-mysql instances live in a DB cluster: set 'cluster'",
          "fleet.yaml:31: instances[5].cluster: no cluster 'nowhere' in clusters",
          "fleet.yaml:36: instances[6].replica_of: no instance 'ghost' in instances",
          "fleet.yaml:37: instances[6].ca_certificate: unknown certificate authority 'rds-ca-2015'; did you mean "
          "'rds-ca-2019'?",
          "fleet.yaml:38: instances[6].tags: tag 'bad\ttag': tags cannot hold control characters"));
}

TEST(SimFleetLoader, ChecksClusterMembership) {
  EXPECT_THAT(problems_of(R"(
clusters:
  - {id: c, engine: aurora-mysql}
instances:
  - {id: w1, cluster: c, cluster_writer: true, class: db.r6g.large}
  - {id: w2, cluster: c, cluster_writer: true, class: db.r6g.large}
  - {id: other, cluster: c, engine: aurora-postgresql, class: db.r6g.large}
  - {id: lone, engine: mysql, class: db.m5.large, cluster_writer: true}
)"),
              ElementsAre("fleet.yaml:6: instances[1].cluster_writer: cluster 'c' already has a writer, 'w1'",
                          "fleet.yaml:7: instances[2].engine: 'aurora-postgresql' differs from the engine of cluster "
                          "'c' (aurora-mysql)",
                          "fleet.yaml:8: instances[3].cluster_writer: only cluster members can be writers"));
}

TEST(SimFleetLoader, ChecksReplicationSources) {
  EXPECT_THAT(problems_of(R"(
instances:
  - {id: source, engine: mysql, class: db.m5.large}
  - {id: itself, engine: mysql, class: db.m5.large, replica_of: itself}
  - {id: other-engine, engine: postgres, class: db.m5.large, replica_of: source}
)"),
              ElementsAre("fleet.yaml:4: instances[1].replica_of: an instance cannot replicate itself",
                          "fleet.yaml:5: instances[2].replica_of: the source runs mysql, this instance postgres"));
}

TEST(SimFleetLoader, ReportsYamlThatIsNotAFleet) {
  EXPECT_THAT(problems_of("instances:\n  - id: a\n  engine: x\n   - b"),
              ElementsAre("fleet.yaml:3: invalid YAML: end of map not found"));
  EXPECT_THAT(problems_of("[1, 2]"),
              ElementsAre("fleet.yaml:1: expected a mapping with principals, clusters and instances, got a list"));
  EXPECT_THAT(problems_of("instances: {id: a}"),
              ElementsAre("fleet.yaml:1: instances: expected a list, got a mapping"));
  EXPECT_THAT(problems_of("instances:\n  - {id: a, id: b, engine: mysql, class: db.m5.large}\n"),
              ElementsAre("fleet.yaml:2: instances[0].id: repeated key (first set at line 2)"));
  EXPECT_THAT(problems_of("account_id: 1234\n"),
              ElementsAre("fleet.yaml:1: account_id: expected 12 digits, got '1234'"));
}

TEST(SimFleetLoader, SaysWhenTheFileCannotBeRead) {
  auto loaded = load_fleet_file("/nonexistent/fleet.yaml", testing::kRegion);
  ASSERT_TRUE(std::holds_alternative<std::vector<std::string>>(loaded));
  EXPECT_THAT(std::get<std::vector<std::string>>(loaded), ElementsAre("/nonexistent/fleet.yaml: cannot be read"));
}

TEST(SimFleetLoader, ZoneLettersFollowTheRegion) {
  auto loaded = parse_fleet("instances:\n  - {id: a, engine: mysql, class: db.m5.large, availability_zone: c}\n",
                            "fleet.yaml", "eu-west-1");
  ASSERT_TRUE(std::holds_alternative<Fleet>(loaded));
  EXPECT_EQ(std::get<Fleet>(loaded).instances()[0].availability_zone, "eu-west-1c");
}

}  // namespace
}  // namespace rds_exporter::sim
