#include "sim/rds/rds_service.h"
#include "sim/server/query_endpoint.h"
#include "sim_fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using testing::element_texts;
using ::testing::ElementsAre;
using testing::kNow;
using testing::principal;
using testing::signed_request;

// A second service on the same endpoint, as CloudWatch will be: requests reach it by their credential scope.
class FakeMonitoringService final : public QueryService {
 public:
  class Operation final : public QueryOperation {
   public:
    std::string_view name() const override { return "GetMetricData"; }
    std::string_view iam_action() const override { return "cloudwatch:GetMetricData"; }
    std::string resource_arn(const OperationCall&) const override { return "*"; }
    OperationOutcome invoke(const OperationCall& call) const override {
      return "<GetMetricDataResponse>" + std::string(call.request_id) + "</GetMetricDataResponse>";
    }
  };

  std::string_view signing_name() const override { return "monitoring"; }
  std::string_view api_version() const override { return "2010-08-01"; }
  std::string_view xml_namespace() const override { return "http://monitoring.amazonaws.com/doc/2010-08-01/"; }
  const QueryOperation* find_operation(std::string_view action) const override {
    return action == "GetMetricData" ? &operation_ : nullptr;
  }

 private:
  Operation operation_;
};

class SimQueryEndpointTest : public ::testing::Test {
 protected:
  SimQueryEndpointTest() {
    services_.add(std::make_unique<RdsService>());
    services_.add(std::make_unique<FakeMonitoringService>());
  }

  HttpReply send(const common::HttpRequest& request) { return endpoint_.handle(request); }

  HttpReply send_as(std::string_view name, std::string body, std::string_view service = "rds") {
    return send(signed_request(principal(name), std::move(body), service));
  }

  static std::string code_of(const HttpReply& reply) {
    const auto codes = element_texts(reply.body, "Code");
    return codes.empty() ? "" : codes.front();
  }

  static std::string header(const HttpReply& reply, std::string_view name) {
    for (const auto& [key, value] : reply.headers) {
      if (key == name) return value;
    }
    return "";
  }

  ServiceRegistry services_;
  RequestStats stats_;
  RequestIds ids_{1};
  RequestAuthenticator authenticator_{[] { return kNow; }};
  FleetStore fleets_{std::shared_ptr<const Fleet>(&testing::small_fleet(), [](const Fleet*) {})};
  FaultInjector faults_{1};
  QueryEndpoint endpoint_{fleets_, services_, authenticator_, stats_, ids_, &faults_};
};

TEST_F(SimQueryEndpointTest, AnswersASignedDescribeWithXmlAndItsRequestId) {
  const HttpReply reply = send_as("rds-exporter", "Action=DescribeDBInstances&Version=2014-10-31");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "text/xml");
  EXPECT_TRUE(reply.body.starts_with("<DescribeDBInstancesResponse"));
  EXPECT_THAT(element_texts(reply.body, "RequestId"), ElementsAre(header(reply, "x-amzn-RequestId")));
  EXPECT_EQ(stats_.snapshot()["rds"]["DescribeDBInstances"]["200"], 1u);
}

TEST_F(SimQueryEndpointTest, AnswersAnInjectedFaultInTheServicesFormatAndCountsIt) {
  FaultRule throttled;
  throttled.service = "rds";
  throttled.operation = "DescribeDBInstances";
  throttled.throttle_probability = 1;
  throttled.latency = {25, 0};
  faults_.replace({{throttled}, std::nullopt});
  const HttpReply reply = send_as("rds-exporter", "Action=DescribeDBInstances&Version=2014-10-31");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(code_of(reply), "Throttling");
  EXPECT_THAT(element_texts(reply.body, "Message"), ElementsAre("Rate exceeded"));
  EXPECT_THAT(element_texts(reply.body, "Type"), ElementsAre("Sender"));
  EXPECT_EQ(reply.delay, std::chrono::milliseconds(25));
  EXPECT_EQ(stats_.snapshot()["rds"]["DescribeDBInstances"]["fault:Throttling"], 1u);
  // Other operations are not covered by the rule.
  EXPECT_EQ(send_as("rds-exporter", "Action=DescribeDBClusters&Version=2014-10-31").status, 200);

  FaultRule dropped;
  dropped.service = "rds";
  dropped.drop_connection_probability = 1;
  faults_.replace({{dropped}, std::nullopt});
  EXPECT_TRUE(send_as("rds-exporter", "Action=DescribeDBClusters&Version=2014-10-31").drop_connection);
  EXPECT_EQ(stats_.snapshot()["rds"]["DescribeDBClusters"]["fault:drop"], 1u);
}

TEST(SimQueryParametersOfARequest, ComeFromTheQueryStringAndFromAFormBodyWithOrWithoutCharset) {
  for (const std::string content_type :
       {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
        "Application/X-WWW-Form-Urlencoded"}) {
    const common::HttpRequest request{
        "POST", "/", {{"Action", "DescribeDBInstances"}}, {{"Content-Type", content_type}}, "Version=2014-10-31"};
    EXPECT_THAT(query_parameters(request).entries(),
                ElementsAre(std::pair<std::string, std::string>{"Action", "DescribeDBInstances"},
                            std::pair<std::string, std::string>{"Version", "2014-10-31"}))
        << content_type;
  }
  const common::HttpRequest json{"POST", "/", {}, {{"Content-Type", "application/x-amz-json-1.0"}}, "Version=x"};
  EXPECT_TRUE(query_parameters(json).entries().empty());
}

TEST_F(SimQueryEndpointTest, AnswersMissingAuthenticationTokenInTheNamespaceOfTheActionsService) {
  const HttpReply rds = send({"POST",
                              "/",
                              {},
                              {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "Action=DescribeDBInstances&Version=2014-10-31"});
  EXPECT_EQ(rds.status, 403);
  EXPECT_EQ(code_of(rds), "MissingAuthenticationToken");
  EXPECT_TRUE(rds.body.starts_with("<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"));
  const HttpReply monitoring =
      send({"POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}}, "Action=GetMetricData"});
  EXPECT_TRUE(monitoring.body.starts_with("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"));
  EXPECT_EQ(stats_.snapshot()["rds"]["DescribeDBInstances"]["MissingAuthenticationToken"], 1u);
  EXPECT_EQ(stats_.snapshot()["monitoring"]["GetMetricData"]["MissingAuthenticationToken"], 1u);
}

TEST_F(SimQueryEndpointTest, RoutesByTheServiceOfTheCredentialScope) {
  const HttpReply monitoring = send_as("rds-exporter", "Action=GetMetricData&Version=2010-08-01", "monitoring");
  EXPECT_EQ(monitoring.status, 200);
  EXPECT_TRUE(monitoring.body.starts_with("<GetMetricDataResponse>"));
  const HttpReply wrong_service = send_as("rds-exporter", "Action=GetMetricData&Version=2010-08-01", "rds");
  EXPECT_EQ(wrong_service.status, 400);
  EXPECT_THAT(element_texts(wrong_service.body, "Message"),
              ElementsAre("Could not find operation GetMetricData for version 2010-08-01"));
}

TEST_F(SimQueryEndpointTest, RejectsAScopeForAServiceItDoesNotServe) {
  const HttpReply reply = send_as("rds-exporter", "Action=DescribeDBInstances&Version=2014-10-31", "s3");
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(code_of(reply), "SignatureDoesNotMatch");
  EXPECT_THAT(element_texts(reply.body, "Message"),
              ElementsAre("Credential should be scoped to correct service: &apos;rds&apos;. "));
}

TEST_F(SimQueryEndpointTest, AnswersMissingActionAndInvalidAction) {
  EXPECT_EQ(code_of(send_as("rds-exporter", "Version=2014-10-31")), "MissingAction");
  const HttpReply unknown = send_as("rds-exporter", "Action=DeleteDBInstance&Version=2014-10-31");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(element_texts(unknown.body, "Message"),
              ElementsAre("Could not find operation DeleteDBInstance for version 2014-10-31"));
  EXPECT_THAT(element_texts(send_as("rds-exporter", "Action=DescribeDBInstances").body, "Message"),
              ElementsAre("Could not find operation DescribeDBInstances for version NO_VERSION_SPECIFIED"));
  EXPECT_THAT(element_texts(send_as("rds-exporter", "Action=DescribeDBInstances&Version=2013-05-15").body, "Message"),
              ElementsAre("Could not find operation DescribeDBInstances for version 2013-05-15"));
}

TEST_F(SimQueryEndpointTest, DeniesActionsOutsideThePrincipalsPolicy) {
  const HttpReply nobody = send_as("no-rights", "Action=DescribeDBInstances&Version=2014-10-31");
  EXPECT_EQ(nobody.status, 403);
  EXPECT_THAT(element_texts(nobody.body, "Message"),
              ElementsAre("User: arn:aws:iam::123456789012:user/no-rights is not authorized to perform: "
                          "rds:DescribeDBInstances on resource: arn:aws:rds:ap-northeast-2:123456789012:db:* because "
                          "no identity-based policy allows the rds:DescribeDBInstances action"));
  // The exporter's policy does not include ListTagsForResource: it reads tags from DescribeDBInstances.
  const HttpReply tags = send_as("rds-exporter",
                                 "Action=ListTagsForResource&Version=2014-10-31&ResourceName=arn%3Aaws%3Ards%3Aap-"
                                 "northeast-2%3A123456789012%3Adb%3Apayments-db");
  EXPECT_EQ(code_of(tags), "AccessDenied");
  EXPECT_NE(tags.body.find("on resource: arn:aws:rds:ap-northeast-2:123456789012:db:payments-db because"),
            std::string::npos);
  EXPECT_EQ(stats_.snapshot()["rds"]["DescribeDBInstances"]["AccessDenied"], 1u);
}

TEST_F(SimQueryEndpointTest, AuthenticatesBeforeLookingAtTheAction) {
  EXPECT_EQ(code_of(send_as("expired-session", "Action=NoSuchThing&Version=2014-10-31")), "ExpiredToken");
  Principal wrong = principal("rds-exporter");
  wrong.secret_access_key = "wrong";
  EXPECT_EQ(code_of(send(signed_request(wrong, "Action=NoSuchThing"))), "SignatureDoesNotMatch");
}

TEST_F(SimQueryEndpointTest, GivesEveryAnswerItsOwnRequestId) {
  const HttpReply first = send_as("rds-exporter", "Action=DescribeDBClusters&Version=2014-10-31");
  const HttpReply second = send_as("no-rights", "Action=DescribeDBClusters&Version=2014-10-31");
  EXPECT_EQ(first.status, 200);
  EXPECT_NE(header(first, "x-amzn-RequestId"), header(second, "x-amzn-RequestId"));
  EXPECT_THAT(element_texts(second.body, "RequestId"), ElementsAre(header(second, "x-amzn-RequestId")));
}

}  // namespace
}  // namespace rds_exporter::sim
