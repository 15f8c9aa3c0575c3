#include "aws/sigv4/sigv4_signer.h"
#include "pi_fixtures.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/server/json_endpoint.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace rds_exporter::sim::pi {
namespace {

using Json = nlohmann::json;
using testing::test_now;

// Performance Insights behind the JSON endpoint, as rds_sim serves it: signed requests routed by X-Amz-Target,
// counted under "pi", open to injected faults.
class SimPiEndpoint : public ::testing::Test {
 protected:
  HttpReply post(std::string_view operation, const Json& body, std::string_view principal = "exporter",
                 std::string_view signing_name = "pi") {
    const std::string target = "PerformanceInsightsv20180227." + std::string(operation);
    common::HttpRequest request{
        "POST",
        "/",
        {},
        {{"Host", "127.0.0.1:9044"}, {"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}},
        body.dump()};
    const Principal& signer = find_principal(principal);
    aws::SigningParams signing{"ap-northeast-2", std::string(signing_name), now()};
    aws::SigV4Signer().sign(request, {signer.access_key_id, signer.secret_access_key, signer.session_token}, signing);
    return endpoint_.handle(request, target);
  }

  const Principal& find_principal(std::string_view name) const {
    for (const Principal& principal : fleet_->principals()) {
      if (principal.name == name) return principal;
    }
    throw std::invalid_argument("no principal " + std::string(name));
  }

  static std::chrono::system_clock::time_point now() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(test_now()));
  }

  Json metrics_body() const {
    return testing::metrics_request("db-PAYMENTSPG", {"db.Cache.blks_hit.avg"}, test_now() - 600, test_now());
  }

  std::uint64_t count(std::string_view operation, std::string_view outcome) const {
    const auto counts = stats_.snapshot();
    const auto service = counts.find("pi");
    if (service == counts.end()) return 0;
    const auto op = service->second.find(std::string(operation));
    if (op == service->second.end()) return 0;
    const auto found = op->second.find(std::string(outcome));
    return found == op->second.end() ? 0 : found->second;
  }

  std::shared_ptr<const Fleet> fleet_ = std::make_shared<const Fleet>(testing::test_fleet());
  FleetStore fleets_{fleet_};
  Clock clock_ = [] { return now(); };
  cloudwatch::CloudWatchUsage usage_;
  cloudwatch::CloudWatchService cloudwatch_{clock_, usage_};
  PiService pi_{clock_};
  RequestAuthenticator authenticator_{clock_};
  RequestStats stats_;
  RequestIds ids_{1};
  FaultInjector faults_{7};
  JsonEndpoint endpoint_{fleets_, cloudwatch_, authenticator_, stats_, ids_, &faults_, {&pi_}};
};

TEST_F(SimPiEndpoint, RoutesPerformanceInsightsTargetsAndCountsThem) {
  const HttpReply reply = post("GetResourceMetrics", metrics_body());
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.1");
  EXPECT_EQ(Json::parse(reply.body)["Identifier"], "db-PAYMENTSPG");
  const HttpReply listed = post("ListAvailableResourceMetrics",
                                {{"ServiceType", "RDS"}, {"Identifier", "db-PAYMENTSPG"}, {"MetricTypes", {"db"}}});
  EXPECT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(count("GetResourceMetrics", "200"), 1u);
  EXPECT_EQ(count("ListAvailableResourceMetrics", "200"), 1u);
}

TEST_F(SimPiEndpoint, AnswersErrorsInPerformanceInsightsJsonAndCountsThemByType) {
  Json body = metrics_body();
  body["Identifier"] = "db-LEGACYMYSQL";
  const HttpReply reply = post("GetResourceMetrics", body);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(Json::parse(reply.body)["__type"], "NotAuthorizedException");
  EXPECT_EQ(count("GetResourceMetrics", "NotAuthorizedException"), 1u);

  const HttpReply denied = post("GetResourceMetrics", metrics_body(), "rds-only");
  EXPECT_EQ(denied.status, 400);
  EXPECT_EQ(Json::parse(denied.body)["__type"], "NotAuthorizedException");
  EXPECT_EQ(count("GetResourceMetrics", "NotAuthorizedException"), 2u);

  const HttpReply unknown = post("DescribeDimensionKeys", Json::object());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Json::parse(unknown.body)["__type"], "UnknownOperationException");
  EXPECT_EQ(count("DescribeDimensionKeys", "InvalidAction"), 1u);
}

TEST_F(SimPiEndpoint, ChecksTheSignatureIsForPi) {
  const HttpReply reply = post("GetResourceMetrics", metrics_body(), "exporter", "monitoring");
  EXPECT_EQ(reply.status, 403);
  const Json error = Json::parse(reply.body);
  EXPECT_EQ(error["__type"], "InvalidSignatureException");
  EXPECT_EQ(error["Message"], "Credential should be scoped to correct service: 'pi'. ");
}

TEST_F(SimPiEndpoint, ThrottlesWhenTheFaultPlanSaysSo) {
  FaultRule rule;
  rule.service = "pi";
  rule.operation = "GetResourceMetrics";
  rule.throttle_probability = 1;
  faults_.replace(FaultPlan{{rule}, std::nullopt});
  const HttpReply reply = post("GetResourceMetrics", metrics_body());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(Json::parse(reply.body)["__type"], "ThrottlingException");
  EXPECT_EQ(count("GetResourceMetrics", "fault:Throttling"), 1u);
  EXPECT_EQ(post("ListAvailableResourceMetrics",
                 {{"ServiceType", "RDS"}, {"Identifier", "db-PAYMENTSPG"}, {"MetricTypes", {"os"}}})
                .status,
            200);
}

TEST_F(SimPiEndpoint, LeavesCloudWatchTargetsToCloudWatch) {
  const std::string target = "GraniteServiceVersion20100801.ListMetrics";
  common::HttpRequest request{
      "POST",
      "/",
      {},
      {{"Host", "127.0.0.1:9044"}, {"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", target}},
      "{}"};
  const Principal& signer = find_principal("exporter");
  aws::SigV4Signer().sign(request, {signer.access_key_id, signer.secret_access_key, ""},
                          aws::SigningParams{"ap-northeast-2", "monitoring", now()});
  const HttpReply reply = endpoint_.handle(request, target);
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.0");
  EXPECT_EQ(reply.status, 403) << "the test principals may not call CloudWatch: " << reply.body;
  EXPECT_EQ(stats_.snapshot().count("monitoring"), 1u);
}

}  // namespace
}  // namespace rds_exporter::sim::pi
