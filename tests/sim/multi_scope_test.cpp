// Many accounts and regions in one fleet (issue 14): generation, the fleet file's account, region and
// organization keys, per-scope routing, cross-account AssumeRole, Organizations ListAccounts, scoped faults and
// counts, and breaking a role at runtime.
#include "aws/sigv4/sigv4_signer.h"
#include "sim/admin/admin_api.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/credentials/credential_store.h"
#include "sim/faults/change_api.h"
#include "sim/fleet/fleet_generator.h"
#include "sim/fleet/fleet_loader.h"
#include "sim/organizations/organizations_service.h"
#include "sim/rds/rds_service.h"
#include "sim/server/json_endpoint.h"
#include "sim/server/query_endpoint.h"
#include "sim/sts/sts_service.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

namespace rds_exporter::sim {
namespace {

using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::element_texts;
using testing::kNow;

constexpr std::string_view kManagement = "123456789012";
constexpr std::string_view kMember = "210000000002";

using testing::assume_role_body;
using testing::kDescribeDbInstancesBody;

TEST(SimFleetScopes, OneAccountAndRegionGenerateTheFleetTheyAlwaysDid) {
  const Fleet plain = generate_fleet({.instance_count = 40, .region = "ap-northeast-2"});
  const Fleet scoped = generate_fleet({.instance_count = 40, .region = "ap-northeast-2", .account_count = 1,
                                       .region_count = 1});
  ASSERT_EQ(plain.instances().size(), 40u);
  EXPECT_TRUE(std::equal(plain.instances().begin(), plain.instances().end(), scoped.instances().begin()));
  EXPECT_FALSE(plain.organization().has_value());
  EXPECT_EQ(&plain.in_scope({"123456789012", "ap-northeast-2"}), &plain);
  EXPECT_THAT(std::vector<std::string>(plain.regions().begin(), plain.regions().end()), ElementsAre("ap-northeast-2"));
}

TEST(SimFleetScopes, GeneratedInstancesSpreadEvenlyOverAccountsAndRegions) {
  const Fleet fleet = generate_fleet({.instance_count = 31, .account_count = 3, .region_count = 2});
  EXPECT_THAT(std::vector<std::string>(fleet.regions().begin(), fleet.regions().end()),
              ElementsAre("ap-northeast-2", "us-east-1"));
  std::map<std::pair<std::string, std::string>, int> per_scope;
  for (const auto& instance : fleet.instances()) {
    ++per_scope[{instance.account_id, instance.region}];
    EXPECT_EQ(instance.arn,
              "arn:aws:rds:" + instance.region + ":" + instance.account_id + ":db:" + instance.identifier);
    EXPECT_TRUE(instance.availability_zone.starts_with(instance.region)) << instance.availability_zone;
    if (!instance.cluster_identifier.empty()) {
      const DbCluster* cluster = fleet.find_cluster(instance.cluster_identifier);
      ASSERT_NE(cluster, nullptr);
      EXPECT_EQ(cluster->account_id, instance.account_id);
      EXPECT_EQ(cluster->region, instance.region);
    }
  }
  const std::map<std::pair<std::string, std::string>, int> expected = {
      {{"123456789012", "ap-northeast-2"}, 6}, {{"123456789012", "us-east-1"}, 5},
      {{"210000000002", "ap-northeast-2"}, 5}, {{"210000000002", "us-east-1"}, 5},
      {{"210000000003", "ap-northeast-2"}, 5}, {{"210000000003", "us-east-1"}, 5}};
  EXPECT_EQ(per_scope, expected);
  EXPECT_EQ(fleet.in_scope({"210000000003", "us-east-1"}).instances().size(), 5u);
  EXPECT_EQ(fleet.in_scope({"210000000003", "us-east-1"}).account_id(), "210000000003");

  ASSERT_TRUE(fleet.organization().has_value());
  EXPECT_EQ(fleet.organization()->accounts.size(), 3u);
  EXPECT_EQ(fleet.organization()->accounts[1].id, "210000000002");
  for (const char* account : {"123456789012", "210000000002", "210000000003"}) {
    const Role* role = fleet.credential_sources().find_role_by_arn(role_arn(account, "rds-exporter"));
    ASSERT_NE(role, nullptr) << account;
    EXPECT_THAT(role->trusted_principals, ElementsAre("arn:aws:iam::123456789012:user/rds-exporter"));
  }
}

TEST(SimFleetScopes, GeneratedRegionsStartWithTheChosenOneAndNeverRepeatIt) {
  EXPECT_THAT(generated_regions("eu-west-1", 3), ElementsAre("eu-west-1", "us-east-1", "ap-northeast-2"));
  EXPECT_EQ(generated_account_id("123456789012", 1), "123456789012");
  EXPECT_EQ(generated_account_id("123456789012", 12), "210000000012");
}

TEST(SimFleetScopes, AFleetFilePlacesResourcesInAccountsAndRegions) {
  const Fleet fleet = testing::fleet_from_yaml(R"(
regions: [eu-west-1]
principals:
  - {name: member-reader, account: "210000000002", access_key_id: AKIARDSSIMMEMBER0001, secret_access_key: s, allow: ["rds:*"]}
clusters:
  - {id: tokyo-aurora, engine: aurora-postgresql, account: "210000000002", region: ap-northeast-1}
instances:
  - {id: home-db, engine: postgres, class: db.t4g.micro}
  - {id: tokyo-aurora-1, cluster: tokyo-aurora, cluster_writer: true, class: db.r7g.large, account: "210000000002", region: ap-northeast-1, availability_zone: c}
organization:
  accounts:
    - {id: "210000000002", name: tokyo, status: SUSPENDED}
)");
  EXPECT_THAT(std::vector<std::string>(fleet.regions().begin(), fleet.regions().end()),
              ElementsAre("ap-northeast-2", "eu-west-1", "ap-northeast-1"));
  const DbInstance* tokyo = fleet.find_instance("tokyo-aurora-1");
  ASSERT_NE(tokyo, nullptr);
  EXPECT_EQ(tokyo->arn, "arn:aws:rds:ap-northeast-1:210000000002:db:tokyo-aurora-1");
  EXPECT_EQ(tokyo->availability_zone, "ap-northeast-1c");
  EXPECT_EQ(fleet.find_cluster("tokyo-aurora")->member_identifiers, std::vector<std::string>{"tokyo-aurora-1"});
  EXPECT_EQ(fleet.find_instance("home-db")->arn, "arn:aws:rds:ap-northeast-2:123456789012:db:home-db");
  EXPECT_EQ(fleet.principals()[0].account_id, "210000000002");
  EXPECT_EQ(fleet.principals()[0].arn, "arn:aws:iam::210000000002:user/member-reader");
  ASSERT_TRUE(fleet.organization().has_value());
  const auto& members = fleet.organization()->accounts;
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].id, "123456789012");  // the management account joins its organization unasked
  EXPECT_EQ(members[1].status, "SUSPENDED");
  EXPECT_EQ(fleet.in_scope({"210000000002", "ap-northeast-1"}).instances().size(), 1u);
  EXPECT_TRUE(fleet.in_scope({"210000000002", "eu-west-1"}).instances().empty());
}

TEST(SimFleetScopes, RolesLiveInAccountsAndTrustByNameArnOrAccount) {
  const auto loaded = parse_fleet(R"(
principals:
  - {name: ops, access_key_id: AKIARDSSIMOPS0000001, secret_access_key: s, allow: [sts:AssumeRole]}
roles:
  - {name: reader, trusted_principals: [ops]}
  - {name: reader, account: "210000000002", trusted_principals: ["arn:aws:iam::123456789012:user/ops", "123456789012"]}
  - {name: reader, account: "210000000002"}
  - {name: other, account: "210000000003", trusted_principals: [ops]}
)",
                                  "roles.yaml", "ap-northeast-2");
  const auto* problems = std::get_if<std::vector<std::string>>(&loaded);
  ASSERT_NE(problems, nullptr);
  // Names are unique per account, and a bare name means a principal of the role's own account.
  EXPECT_THAT(*problems, ElementsAre("roles.yaml:7: roles[2].name: another role already has the name 'reader'",
                                     "roles.yaml:8: roles[3].trusted_principals: no principal 'ops' in principals"));
}

TEST(SimFleetScopes, TheOrganizationFleetSpansThreeAccountsAndTwoRegions) {
  auto loaded = load_fleet_file(RDS_SIM_FLEETS_DIR "/organization.yaml", "ap-northeast-2");
  ASSERT_TRUE(std::holds_alternative<Fleet>(loaded)) << ::testing::PrintToString(std::get<1>(loaded));
  const Fleet& fleet = std::get<Fleet>(loaded);
  EXPECT_EQ(fleet.in_scope({"123456789012", "ap-northeast-2"}).instances().size(), 1u);
  EXPECT_EQ(fleet.in_scope({"210000000002", "ap-northeast-2"}).clusters().size(), 1u);
  EXPECT_EQ(fleet.in_scope({"210000000002", "us-east-1"}).instances().size(), 1u);
  EXPECT_TRUE(fleet.in_scope({"210000000004", "us-east-1"}).instances().empty());
  ASSERT_TRUE(fleet.organization().has_value());
  EXPECT_EQ(fleet.organization()->accounts.back().status, "SUSPENDED");
  EXPECT_EQ(fleet.credential_sources().find_role_by_arn(role_arn("210000000003", "rds-exporter"))->external_id,
            "rdssim-analytics-external-id");
}

TEST(SimFleetScopes, AFleetFileRefusesMembersAndReplicasOutsideTheirScope) {
  const auto loaded = parse_fleet(R"(
clusters:
  - {id: c1, engine: aurora-mysql, region: eu-west-1}
instances:
  - {id: c1-a, cluster: c1, class: db.r7g.large}
  - {id: src, engine: mysql, class: db.t4g.micro}
  - {id: src-replica, engine: mysql, class: db.t4g.micro, replica_of: src, account: "210000000002"}
  - {id: bad, engine: mysql, class: db.t4g.micro, account: "12", region: mars}
organization: {id: bad, accounts: [{id: "210000000002", status: GONE}]}
)",
                                  "scopes.yaml", "ap-northeast-2");
  const auto* problems = std::get_if<std::vector<std::string>>(&loaded);
  ASSERT_NE(problems, nullptr);
  const std::string all = ::testing::PrintToString(*problems);
  EXPECT_THAT(all, HasSubstr("instances[0].cluster: cluster 'c1' is in account 123456789012, eu-west-1"));
  EXPECT_THAT(all, HasSubstr("instances[2].replica_of: read replicas here stay in their source's account and region"));
  EXPECT_THAT(all, HasSubstr("instances[3].account: expected 12 digits, got '12'"));
  EXPECT_THAT(all, HasSubstr("instances[3].region: 'mars' is not a region name"));
  EXPECT_THAT(all, HasSubstr("organization.id: expected 'o-'"));
  EXPECT_THAT(all, HasSubstr("organization.accounts[0].status: unknown account status 'GONE'"));
}

// The simulator's request pipeline over a 3-account, 2-region generated fleet.
class SimScopedRequests : public ::testing::Test {
 protected:
  SimScopedRequests() {
    services_.add(std::make_unique<RdsService>());
    services_.add(std::make_unique<StsService>(store_));
  }

  const Principal& principal(std::string_view name) const { return testing::principal_in(*fleets_.current(), name); }

  HttpReply query(const Principal& signer, std::string body, std::string_view service = "rds",
                  std::string_view region = "ap-northeast-2") {
    return query_endpoint_.handle(testing::signed_request(signer, std::move(body), service, kNow, region));
  }

  HttpReply list_accounts(const Principal& signer, const Json& body = Json::object(),
                          std::string_view region = "us-east-1") {
    const std::string target = "AWSOrganizationsV20161128.ListAccounts";
    return json_endpoint_.handle(testing::signed_json_request(signer, target, body.dump(), "organizations", region),
                                 target);
  }

  static Principal session_of(const HttpReply& reply) { return testing::session_of(reply.body); }

  static std::string code_of(const HttpReply& reply) { return element_texts(reply.body, "Code").at(0); }

  std::vector<std::string> arns_seen(const Principal& signer, std::string_view region) {
    const HttpReply reply = query(signer, std::string(kDescribeDbInstancesBody) + "&MaxRecords=100", "rds", region);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return element_texts(reply.body, "DBInstanceArn");
  }

  FleetStore fleets_{std::make_shared<const Fleet>(
      generate_fleet({.instance_count = 30, .account_count = 3, .region_count = 2}))};
  FaultInjector faults_{1};
  RequestStats stats_;
  CredentialStore store_{[] { return kNow; }, std::nullopt};
  RequestAuthenticator authenticator_{[] { return kNow; }, &store_};
  ServiceRegistry services_;
  RequestIds ids_{1};
  cloudwatch::CloudWatchUsage usage_;
  cloudwatch::CloudWatchService cloudwatch_{[] { return kNow; }, usage_};
  organizations::OrganizationsService organizations_;
  QueryEndpoint query_endpoint_{fleets_, services_, authenticator_, stats_, ids_, &faults_};
  JsonEndpoint json_endpoint_{fleets_, cloudwatch_, authenticator_, stats_, ids_, &faults_, {&organizations_}};
  ChangeApi changes_{faults_, fleets_};
};

TEST_F(SimScopedRequests, ACallerSeesOnlyItsAccountInTheSignedRegion) {
  const Principal& exporter = principal("rds-exporter");
  const auto home = arns_seen(exporter, "ap-northeast-2");
  ASSERT_EQ(home.size(), 5u);
  for (const auto& arn : home) EXPECT_TRUE(arn.starts_with("arn:aws:rds:ap-northeast-2:123456789012:db:")) << arn;
  const auto virginia = arns_seen(exporter, "us-east-1");
  ASSERT_EQ(virginia.size(), 5u);
  for (const auto& arn : virginia) EXPECT_TRUE(arn.starts_with("arn:aws:rds:us-east-1:123456789012:db:")) << arn;

  // A region the fleet does not serve is refused as before.
  const HttpReply elsewhere = query(exporter, std::string(kDescribeDbInstancesBody), "rds", "eu-west-1");
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_EQ(code_of(elsewhere), "SignatureDoesNotMatch");
  // Another account's instance is not found from this account.
  const auto& theirs = fleets_.current()->in_scope({"210000000002", "us-east-1"}).instances().front();
  const HttpReply other =
      query(exporter, std::string(kDescribeDbInstancesBody) + "&DBInstanceIdentifier=" + theirs.identifier, "rds",
            "us-east-1");
  EXPECT_EQ(other.status, 404) << other.body;
}

TEST_F(SimScopedRequests, ARegionWithoutInstancesAnswersAnEmptyList) {
  const Fleet fleet = testing::fleet_from_yaml(R"(
regions: [eu-west-1]
principals:
  - {name: reader, access_key_id: AKIARDSSIMREADER0001, secret_access_key: s, allow: ["rds:*"]}
instances:
  - {id: only-db, engine: postgres, class: db.t4g.micro}
)");
  FleetStore store(std::make_shared<const Fleet>(fleet));
  QueryEndpoint endpoint{store, services_, authenticator_, stats_, ids_};
  const HttpReply reply = endpoint.handle(
      testing::signed_request(fleet.principals()[0], std::string(kDescribeDbInstancesBody), "rds", kNow, "eu-west-1"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_THAT(reply.body, HasSubstr("<DBInstances/>"));
}

TEST_F(SimScopedRequests, AnAssumedRoleActsInTheRolesAccount) {
  const std::string member_role = role_arn(kMember, "rds-exporter");
  const HttpReply assumed = query(principal("rds-exporter"), assume_role_body(member_role), "sts");
  ASSERT_EQ(assumed.status, 200) << assumed.body;
  EXPECT_THAT(element_texts(assumed.body, "Arn"),
              ElementsAre("arn:aws:sts::210000000002:assumed-role/rds-exporter/unit"));
  const Principal session = session_of(assumed);
  const auto seen = arns_seen(session, "us-east-1");
  ASSERT_EQ(seen.size(), 5u);
  for (const auto& arn : seen) EXPECT_TRUE(arn.starts_with("arn:aws:rds:us-east-1:210000000002:db:")) << arn;
  const HttpReply identity = query(session, "Action=GetCallerIdentity&Version=2011-06-15", "sts");
  EXPECT_THAT(element_texts(identity.body, "Account"), ElementsAre("210000000002"));

  const auto scopes = stats_.scoped_snapshot();
  EXPECT_EQ(scopes.at("210000000002").at("us-east-1").at("rds").at("DescribeDBInstances").at("200"), 1u);
  EXPECT_EQ(scopes.at("123456789012").at("ap-northeast-2").at("sts").at("AssumeRole").at("200"), 1u);
}

TEST_F(SimScopedRequests, OnlyTrustedPrincipalsAssumeARoleAndExternalIdsMustMatch) {
  const std::string member_role = role_arn(kMember, "rds-exporter");
  // rds-exporter-assumer may call AssumeRole, but the member account's role does not trust it.
  const HttpReply untrusted = query(principal("rds-exporter-assumer"), assume_role_body(member_role), "sts");
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(code_of(untrusted), "AccessDenied");
  EXPECT_THAT(untrusted.body, HasSubstr("User: arn:aws:iam::123456789012:user/rds-exporter-assumer is not authorized "
                                        "to perform: sts:AssumeRole on resource: " +
                                        member_role));

  const std::string body = R"({"role_arn": ")" + member_role +
                           R"(", "trusted_principals": ["123456789012"], "external_id": "tenant-7"})";
  ASSERT_EQ(changes_.handle("PUT", "/_sim/roles/trust", body)->status, 200);
  EXPECT_EQ(code_of(query(principal("rds-exporter-assumer"), assume_role_body(member_role), "sts")), "AccessDenied");
  EXPECT_EQ(code_of(query(principal("rds-exporter-assumer"), assume_role_body(member_role, "&ExternalId=tenant-8"),
                          "sts")),
            "AccessDenied");
  EXPECT_EQ(query(principal("rds-exporter-assumer"), assume_role_body(member_role, "&ExternalId=tenant-7"), "sts").status,
            200);
}

TEST_F(SimScopedRequests, ADeletedRoleCannotBeAssumedUntilRestored) {
  const std::string member_role = role_arn(kMember, "rds-exporter");
  const std::string body = R"({"role_arn": ")" + member_role + R"("})";
  const auto deleted = changes_.handle("POST", "/_sim/roles/delete", body);
  ASSERT_EQ(deleted->status, 200) << deleted->body;
  EXPECT_THAT(deleted->body, HasSubstr(R"("deleted":true)"));
  EXPECT_EQ(code_of(query(principal("rds-exporter"), assume_role_body(member_role), "sts")), "AccessDenied");
  EXPECT_EQ(changes_.handle("POST", "/_sim/roles/delete", body)->status, 404);
  EXPECT_EQ(changes_.handle("POST", "/_sim/roles/restore", body)->status, 200);
  EXPECT_EQ(query(principal("rds-exporter"), assume_role_body(member_role), "sts").status, 200);
  EXPECT_EQ(changes_.handle("GET", "/_sim/roles/delete", body)->status, 405);
  EXPECT_EQ(changes_.handle("PUT", "/_sim/roles/trust", "{}")->status, 400);
}

TEST_F(SimScopedRequests, AnInstanceAddedAtRuntimeJoinsTheScopeItNames) {
  const auto added = changes_.handle(
      "POST", "/_sim/fleet/instances",
      R"({"id": "late-db", "engine": "postgres", "class": "db.t4g.micro", "account": "210000000002", "region": "eu-west-1"})");
  ASSERT_EQ(added->status, 201) << added->body;
  const HttpReply assumed = query(principal("rds-exporter"), assume_role_body(role_arn(kMember, "rds-exporter")), "sts");
  EXPECT_THAT(arns_seen(session_of(assumed), "eu-west-1"),
              ElementsAre("arn:aws:rds:eu-west-1:210000000002:db:late-db"));
  EXPECT_TRUE(arns_seen(principal("rds-exporter"), "eu-west-1").empty());
  // A member must live in its cluster's scope, whatever the request says.
  const DbCluster& cluster = fleets_.current()->clusters().front();
  const auto stray = changes_.handle("POST", "/_sim/fleet/instances",
                                     R"({"id": "stray-member", "class": "db.r7g.large", "cluster": ")" +
                                         cluster.identifier + R"(", "region": "ap-northeast-1"})");
  EXPECT_EQ(stray->status, 400) << stray->body;
}

TEST_F(SimScopedRequests, ListAccountsPagesThroughTheOrganization) {
  const HttpReply first = list_accounts(principal("rds-exporter"), {{"MaxResults", 2}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.content_type, "application/x-amz-json-1.1");
  const Json page = Json::parse(first.body);
  ASSERT_EQ(page["Accounts"].size(), 2u);
  EXPECT_EQ(page["Accounts"][0], Json::parse(R"({"Id": "123456789012",
      "Arn": "arn:aws:organizations::123456789012:account/o-rdssimorg01/123456789012",
      "Email": "aws+123456789012@example.com", "Name": "management", "Status": "ACTIVE", "JoinedMethod": "INVITED",
      "JoinedTimestamp": 1579046400})"));
  ASSERT_TRUE(page.contains("NextToken"));
  const HttpReply second = list_accounts(principal("rds-exporter"), {{"NextToken", page["NextToken"]}});
  const Json rest = Json::parse(second.body);
  ASSERT_EQ(rest["Accounts"].size(), 1u) << second.body;
  EXPECT_EQ(rest["Accounts"][0]["Id"], "210000000003");
  EXPECT_FALSE(rest.contains("NextToken"));

  const HttpReply bad_token = list_accounts(principal("rds-exporter"), {{"NextToken", "bm90LWEtdG9rZW4="}});
  EXPECT_EQ(bad_token.status, 400);
  EXPECT_EQ(Json::parse(bad_token.body)["__type"], "InvalidInputException");
  EXPECT_EQ(Json::parse(list_accounts(principal("rds-exporter"), {{"MaxResults", 21}}).body)["__type"],
            "InvalidInputException");
  EXPECT_EQ(Json::parse(list_accounts(principal("rds-exporter"), {{"MaxResults", "2"}}).body)["__type"],
            "SerializationException");
}

TEST_F(SimScopedRequests, ListAccountsIsForTheManagementAccountsAllowedPrincipals) {
  const HttpReply denied = list_accounts(principal("rds-read-only"));
  EXPECT_EQ(denied.status, 400);
  EXPECT_EQ(Json::parse(denied.body)["__type"], "AccessDeniedException");
  EXPECT_THAT(denied.body, HasSubstr("organizations:ListAccounts"));

  const HttpReply assumed =
      query(principal("rds-exporter"), assume_role_body(role_arn(kMember, "rds-exporter")), "sts");
  const HttpReply member = list_accounts(session_of(assumed));
  EXPECT_EQ(Json::parse(member.body)["__type"], "AccessDeniedException");
  EXPECT_EQ(Json::parse(member.body)["Message"], "You don't have permissions to access this resource.");

  // Signed for another region than Organizations' own: refused like any region the fleet does not serve.
  EXPECT_EQ(list_accounts(principal("rds-exporter"), Json::object(), "eu-west-1").status, 403);
}

TEST_F(SimScopedRequests, ListAccountsIsThrottledInOrganizationsWords) {
  faults_.replace(FaultPlan{.rules = {FaultRule{.service = "organizations", .throttle_probability = 1}}});
  const HttpReply reply = list_accounts(principal("rds-exporter"));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(Json::parse(reply.body)["__type"], "TooManyRequestsException");
  EXPECT_EQ(stats_.snapshot()["organizations"]["ListAccounts"]["fault:Throttling"], 1u);
}

TEST_F(SimScopedRequests, ListAccountsWithoutAnOrganization) {
  FleetStore single(std::make_shared<const Fleet>(generate_fleet({.instance_count = 2})));
  JsonEndpoint endpoint{single, cloudwatch_, authenticator_, stats_, ids_, nullptr, {&organizations_}};
  const std::string target = "AWSOrganizationsV20161128.ListAccounts";
  common::HttpRequest request{"POST", "/", {}, {{"Host", "h"}, {"X-Amz-Target", target}}, "{}"};
  const Principal& signer = single.current()->principals()[0];
  aws::SigV4Signer().sign(request, {signer.access_key_id, signer.secret_access_key, signer.session_token},
                          aws::SigningParams{"us-east-1", "organizations", kNow});
  const HttpReply reply = endpoint.handle(request, target);
  EXPECT_EQ(Json::parse(reply.body)["__type"], "AWSOrganizationsNotInUseException") << reply.body;
}

TEST_F(SimScopedRequests, FaultsCanBeLimitedToAnAccountAndARegion) {
  const auto put = changes_.handle(
      "PUT", "/_sim/faults",
      R"({"rules": [{"service": "rds", "account": "123456789012", "region": "us-east-1", "throttle": 1}]})");
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_THAT(put->body, HasSubstr(R"("account":"123456789012","region":"us-east-1")"));
  const Principal& exporter = principal("rds-exporter");
  EXPECT_EQ(code_of(query(exporter, std::string(kDescribeDbInstancesBody), "rds", "us-east-1")), "Throttling");
  EXPECT_EQ(query(exporter, std::string(kDescribeDbInstancesBody), "rds", "ap-northeast-2").status, 200);
  const Principal session =
      session_of(query(exporter, assume_role_body(role_arn(kMember, "rds-exporter")), "sts"));
  EXPECT_EQ(query(session, std::string(kDescribeDbInstancesBody), "rds", "us-east-1").status, 200);

  const auto scopes = stats_.scoped_snapshot();
  EXPECT_EQ(scopes.at("123456789012").at("us-east-1").at("rds").at("DescribeDBInstances").at("fault:Throttling"), 1u);
  EXPECT_EQ(scopes.at("123456789012").at("ap-northeast-2").at("rds").at("DescribeDBInstances").at("200"), 1u);
  EXPECT_EQ(scopes.at("210000000002").at("us-east-1").at("rds").at("DescribeDBInstances").at("200"), 1u);
  EXPECT_EQ(changes_.handle("PUT", "/_sim/faults", R"({"rules": [{"service": "rds", "account": "x1"}]})")->status, 400);
}

TEST_F(SimScopedRequests, TheAdminApiCountsRequestsPerScope) {
  AdminApi admin(fleets_, stats_, usage_, &store_, &changes_);
  query(principal("rds-exporter"), std::string(kDescribeDbInstancesBody), "rds", "us-east-1");
  query(principal("rds-exporter"), std::string(kDescribeDbInstancesBody), "rds", "us-east-1");
  query(principal("rds-exporter"), std::string(kDescribeDbInstancesBody), "rds", "eu-west-1");
  const Json scoped = Json::parse(admin.handle("GET", "/_sim/stats/scopes").body);
  EXPECT_EQ(scoped["scopes"]["123456789012"]["us-east-1"]["rds"]["DescribeDBInstances"]["200"], 2);
  EXPECT_EQ(scoped["scopes"]["none"]["eu-west-1"]["rds"]["DescribeDBInstances"]["SignatureDoesNotMatch"], 1);
  EXPECT_EQ(scoped["total"], 3);
  EXPECT_FALSE(Json::parse(admin.handle("GET", "/_sim/stats").body).contains("scopes"));
  const Json roles = Json::parse(admin.handle("GET", "/_sim/roles").body);
  EXPECT_EQ(roles["roles"].size(), 5u);  // the two standard roles and rds-exporter in three accounts
  const Json fleet = Json::parse(admin.handle("GET", "/_sim/fleet").body);
  EXPECT_EQ(fleet["accounts"], Json::parse(R"(["123456789012", "210000000002", "210000000003"])"));
  EXPECT_EQ(fleet["regions"], Json::parse(R"(["ap-northeast-2", "us-east-1"])"));
  admin.handle("POST", "/_sim/reset");
  EXPECT_EQ(Json::parse(admin.handle("GET", "/_sim/stats/scopes").body)["total"], 0);
}

TEST(SimFaultPlanScopes, TheMostSpecificRuleWinsAndScopedRulesStayInTheirScope) {
  FaultPlan plan;
  plan.rules = {FaultRule{.service = "pi"}, FaultRule{.service = "pi", .region = "eu-west-1"},
                FaultRule{.service = "*", .account = "210000000002"},
                FaultRule{.service = "pi", .account = "210000000002", .region = "eu-west-1"}};
  EXPECT_EQ(plan.rule_for("pi", "GetResourceMetrics", {"123456789012", "us-east-1"}), &plan.rules[0]);
  EXPECT_EQ(plan.rule_for("pi", "GetResourceMetrics", {"123456789012", "eu-west-1"}), &plan.rules[1]);
  EXPECT_EQ(plan.rule_for("pi", "GetResourceMetrics", {"210000000002", "eu-west-1"}), &plan.rules[3]);
  EXPECT_EQ(plan.rule_for("monitoring", "GetMetricData", {"210000000002", "eu-west-1"}), &plan.rules[2]);
  EXPECT_EQ(plan.rule_for("monitoring", "GetMetricData", {"123456789012", "eu-west-1"}), nullptr);
  EXPECT_FALSE(repeated_rule_problem(plan, FaultRule{.service = "pi", .region = "us-east-1"}).has_value());
  EXPECT_TRUE(repeated_rule_problem(plan, FaultRule{.service = "pi", .region = "eu-west-1"}).has_value());
}

TEST(SimFaultPlanScopes, OneServiceCanHangWhileTheOthersAnswer) {
  FaultInjector faults(1, FaultPlan{.rules = {FaultRule{.service = "pi", .latency = {60'000, 0}}}});
  const Scope scope{"123456789012", "ap-northeast-2"};
  EXPECT_EQ(faults.decide("pi", "GetResourceMetrics", WireProtocol::kJson, scope).delay, std::chrono::seconds{60});
  EXPECT_EQ(faults.decide("monitoring", "GetMetricData", WireProtocol::kJson, scope).delay, std::chrono::seconds{0});
}

}  // namespace
}  // namespace rds_exporter::sim
