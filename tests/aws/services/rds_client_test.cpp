#include "aws/services/rds_client.h"

#include "../credentials/fake_transport.h"
#include "aws/credentials/static_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;

constexpr const char* kRdsUrl = "https://rds.eu-west-1.amazonaws.com/";

// `inner` as AWS wraps an operation's result.
std::string result_answer(const std::string& operation, const std::string& inner) {
  return "<" + operation + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><" + operation + "Result>" +
         inner + "</" + operation + "Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></" +
         operation + "Response>";
}

// The inventory source's listings, each walked over two pages: what the walk sent and what it read.
class RdsClientTest : public ::testing::Test {
 protected:
  RdsClient make_client() {
    ClientContext context;
    context.transport = &transport;
    context.metrics = &metrics;
    context.random01 = [] { return 0.0; };
    context.sleep = [](std::chrono::milliseconds) {};
    return RdsClient(ServiceClient(
        context, ServiceClientOptions{
                     kRdsService, "eu-west-1",
                     Endpoint{"https://rds.eu-west-1.amazonaws.com", "rds.eu-west-1.amazonaws.com", "t"},
                     std::make_shared<StaticProvider>(
                         Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt},
                         "test"),
                     RetryPolicy{1, std::chrono::milliseconds(1)}}));
  }

  // Scripts two pages of `operation`, the first ending in Marker "m1"; `wrap` puts a page's items and marker
  // where the operation's answer holds them.
  void script_two_pages(const std::string& operation, const std::string& first_items, const std::string& last_items,
                        const std::function<std::string(const std::string&)>& wrap = [](const std::string& page) {
                          return page;
                        }) {
    transport.script("POST", kRdsUrl,
                     {FakeTransport::response(200, result_answer(operation, wrap(first_items + "<Marker>m1</Marker>"))),
                      FakeTransport::response(200, result_answer(operation, wrap(last_items)))});
  }

  std::vector<std::string> sent_bodies() const {
    std::vector<std::string> bodies;
    for (const auto& request : transport.requests()) bodies.push_back(request.body);
    return bodies;
  }

  // A two-page walk of a listing that puts Marker after MaxRecords: `query` (Action and the operation's own
  // parameters) on both pages, the first page's marker on the second.
  void expect_walked(const std::string& operation, const std::string& query) const {
    EXPECT_EQ(sent_bodies(), (std::vector<std::string>{query + "&MaxRecords=100", query + "&MaxRecords=100&Marker=m1"}));
    EXPECT_EQ(successes(operation), 2);
  }

  double successes(const std::string& operation) const {
    return metrics.requests().value({"", "", "rds", operation, "success"});
  }

  FakeTransport transport;
  AwsClientMetrics metrics;
};

TEST_F(RdsClientTest, DescribePendingMaintenanceActionsWalksEveryPage) {
  const auto resource = [](const std::string& arn) {
    return "<PendingMaintenanceActions><ResourcePendingMaintenanceActions><ResourceIdentifier>" + arn +
           "</ResourceIdentifier><PendingMaintenanceActionDetails><PendingMaintenanceAction><Action>system-update"
           "</Action></PendingMaintenanceAction></PendingMaintenanceActionDetails></ResourcePendingMaintenanceActions>"
           "</PendingMaintenanceActions>";
  };
  script_two_pages("DescribePendingMaintenanceActions", resource("arn:a"), resource("arn:b"));
  const auto resources = make_client().describe_pending_maintenance_actions();
  ASSERT_TRUE(resources.has_value()) << resources.error().describe();
  ASSERT_EQ(resources->size(), 2u);
  EXPECT_EQ((*resources)[0].resource_arn, "arn:a");
  EXPECT_EQ((*resources)[1].resource_arn, "arn:b");
  EXPECT_EQ((*resources)[1].actions.at(0).action, "system-update");
  EXPECT_EQ(sent_bodies(), (std::vector<std::string>{
                               "Action=DescribePendingMaintenanceActions&Version=2014-10-31&MaxRecords=100",
                               "Action=DescribePendingMaintenanceActions&Version=2014-10-31&Marker=m1&MaxRecords=100"}));
  EXPECT_EQ(successes("DescribePendingMaintenanceActions"), 2);
}

TEST_F(RdsClientTest, DescribeDbMajorEngineVersionsWalksEveryPageOfOneEngine) {
  const auto version = [](const std::string& major) {
    return "<DBMajorEngineVersions><DBMajorEngineVersion><Engine>postgres</Engine><MajorEngineVersion>" + major +
           "</MajorEngineVersion></DBMajorEngineVersion></DBMajorEngineVersions>";
  };
  script_two_pages("DescribeDBMajorEngineVersions", version("11"), version("17"));
  const auto versions = make_client().describe_db_major_engine_versions("postgres");
  ASSERT_TRUE(versions.has_value()) << versions.error().describe();
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].major_version, "11");
  EXPECT_EQ((*versions)[1].major_version, "17");
  EXPECT_EQ(sent_bodies(),
            (std::vector<std::string>{
                "Action=DescribeDBMajorEngineVersions&Version=2014-10-31&Engine=postgres&MaxRecords=100",
                "Action=DescribeDBMajorEngineVersions&Version=2014-10-31&Engine=postgres&Marker=m1&MaxRecords=100"}));
  EXPECT_EQ(successes("DescribeDBMajorEngineVersions"), 2);
}

TEST_F(RdsClientTest, DescribeAccountAttributesIsOneCall) {
  transport.answer("POST", kRdsUrl, 200,
                   result_answer("DescribeAccountAttributes",
                                 "<AccountQuotas><AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName>"
                                 "<Used>22</Used><Max>40</Max></AccountQuota></AccountQuotas>"));
  const auto quotas = make_client().describe_account_attributes();
  ASSERT_TRUE(quotas.has_value()) << quotas.error().describe();
  ASSERT_EQ(quotas->size(), 1u);
  EXPECT_EQ((*quotas)[0].name, "DBInstances");
  EXPECT_EQ((*quotas)[0].used, 22);
  EXPECT_EQ((*quotas)[0].max, 40);
  EXPECT_EQ(sent_bodies(), (std::vector<std::string>{"Action=DescribeAccountAttributes&Version=2014-10-31"}));
  EXPECT_EQ(successes("DescribeAccountAttributes"), 1);
}

TEST_F(RdsClientTest, DescribeEventsWalksEveryPageOfTheWindow) {
  const auto event = [](const std::string& message) {
    return "<Events><Event><SourceIdentifier>orders-prod-1</SourceIdentifier><Message>" + message +
           "</Message><Date>2026-12-06T12:03:11Z</Date></Event></Events>";
  };
  script_two_pages("DescribeEvents", event("Backing up DB instance"), event("Finished DB Instance backup"));
  const auto events = make_client().describe_events({"2026-12-06T12:00:00Z", "2026-12-06T13:00:00Z"});
  ASSERT_TRUE(events.has_value()) << events.error().describe();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].message, "Backing up DB instance");
  EXPECT_EQ((*events)[1].message, "Finished DB Instance backup");
  const std::string window =
      "Action=DescribeEvents&Version=2014-10-31&StartTime=2026-12-06T12%3A00%3A00Z&EndTime=2026-12-06T13%3A00%3A00Z";
  expect_walked("DescribeEvents", window);
}

std::string parameters(const std::string& name) {
  return "<Parameters><Parameter><ParameterName>" + name + "</ParameterName></Parameter></Parameters>";
}

std::vector<std::string> names_of(const std::vector<DbParameter>& parameters) {
  std::vector<std::string> names;
  for (const auto& parameter : parameters) names.push_back(parameter.name);
  return names;
}

TEST_F(RdsClientTest, DescribeDbParametersWalksEveryPageOfOneGroup) {
  script_two_pages("DescribeDBParameters", parameters("work_mem"), parameters("shared_buffers"));
  const auto found = make_client().describe_db_parameters("orders-pg16", "user");
  ASSERT_TRUE(found.has_value()) << found.error().describe();
  EXPECT_EQ(names_of(*found), (std::vector<std::string>{"work_mem", "shared_buffers"}));
  const std::string group = "Action=DescribeDBParameters&Version=2014-10-31&DBParameterGroupName=orders-pg16&Source=user";
  expect_walked("DescribeDBParameters", group);
}

TEST_F(RdsClientTest, DescribeDbClusterParametersWalksEveryPageOfOneGroup) {
  script_two_pages("DescribeDBClusterParameters", parameters("binlog_format"), parameters("server_audit_logging"));
  const auto found = make_client().describe_db_cluster_parameters("inventory-aurora-mysql8");
  ASSERT_TRUE(found.has_value()) << found.error().describe();
  EXPECT_EQ(names_of(*found), (std::vector<std::string>{"binlog_format", "server_audit_logging"}));
  const std::string group =
      "Action=DescribeDBClusterParameters&Version=2014-10-31&DBClusterParameterGroupName=inventory-aurora-mysql8";
  expect_walked("DescribeDBClusterParameters", group);
}

std::string in_engine_defaults(const std::string& page) { return "<EngineDefaults>" + page + "</EngineDefaults>"; }

TEST_F(RdsClientTest, DescribeEngineDefaultParametersFollowsTheMarkerInsideEngineDefaults) {
  script_two_pages("DescribeEngineDefaultParameters", parameters("max_connections"), parameters("sql_mode"),
                   in_engine_defaults);
  const auto found = make_client().describe_engine_default_parameters("mysql8.0");
  ASSERT_TRUE(found.has_value()) << found.error().describe();
  EXPECT_EQ(names_of(*found), (std::vector<std::string>{"max_connections", "sql_mode"}));
  const std::string family = "Action=DescribeEngineDefaultParameters&Version=2014-10-31&DBParameterGroupFamily=mysql8.0";
  expect_walked("DescribeEngineDefaultParameters", family);
}

TEST_F(RdsClientTest, DescribeEngineDefaultClusterParametersFollowsTheMarkerInsideEngineDefaults) {
  script_two_pages("DescribeEngineDefaultClusterParameters", parameters("aurora_parallel_query"),
                   parameters("binlog_format"), in_engine_defaults);
  const auto found = make_client().describe_engine_default_cluster_parameters("aurora-mysql8.0");
  ASSERT_TRUE(found.has_value()) << found.error().describe();
  EXPECT_EQ(names_of(*found), (std::vector<std::string>{"aurora_parallel_query", "binlog_format"}));
  const std::string family =
      "Action=DescribeEngineDefaultClusterParameters&Version=2014-10-31&DBParameterGroupFamily=aurora-mysql8.0";
  expect_walked("DescribeEngineDefaultClusterParameters", family);
}

// A page that fails ends the walk with its error; the pages before it are not returned.
TEST_F(RdsClientTest, AFailedPageEndsTheWalkWithItsError) {
  transport.script(
      "POST", kRdsUrl,
      {FakeTransport::response(200, result_answer("DescribeEvents",
                                                  "<Events><Event><Message>a</Message></Event></Events>"
                                                  "<Marker>m1</Marker>")),
       FakeTransport::response(403,
                               "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not "
                               "authorized to perform: rds:DescribeEvents</Message></Error><RequestId>r-2</RequestId>"
                               "</ErrorResponse>")});
  const auto events = make_client().describe_events({"2026-12-06T12:00:00Z"});
  ASSERT_FALSE(events.has_value());
  EXPECT_EQ(events.error().code, "AccessDenied");
  EXPECT_EQ(events.error().http_status, 403);
  EXPECT_THAT(events.error().message, HasSubstr("rds:DescribeEvents"));
  EXPECT_EQ(transport.requests().size(), 2u);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeEvents", "client_error"}), 1);
}

TEST_F(RdsClientTest, AMalformedQuotaFailsTheCall) {
  transport.answer("POST", kRdsUrl, 200,
                   result_answer("DescribeAccountAttributes",
                                 "<AccountQuotas><AccountQuota><AccountQuotaName>DBInstances</AccountQuotaName>"
                                 "<Used>22</Used><Max>forty</Max></AccountQuota></AccountQuotas>"));
  const auto quotas = make_client().describe_account_attributes();
  ASSERT_FALSE(quotas.has_value());
  EXPECT_EQ(quotas.error().kind, ErrorKind::malformed_response);
  EXPECT_THAT(quotas.error().message, HasSubstr("AccountQuota[1]/Max: expected an integer, got 'forty'"));
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeAccountAttributes", "malformed_response"}), 1);
}

}  // namespace
}  // namespace rds_exporter::aws
