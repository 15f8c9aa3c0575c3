#include "aws/sigv4/sigv4_signer.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/rds/rds_service.h"
#include "sim/server/sim_server.h"
#include "sim_fixtures.h"

#include <httplib.h>
#include <sys/socket.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

class SimServerTest : public ::testing::Test {
 protected:
  SimServerTest() {
    services_.add(std::make_unique<RdsService>());
    services_.add(std::move(owned_cloudwatch_));
    const auto error = server_.start(0);
    EXPECT_FALSE(error.has_value()) << *error;
  }

  httplib::Client client() const {
    httplib::Client client("127.0.0.1", server_.port());
    client.set_keep_alive(true);
    return client;
  }

  httplib::Result post_signed(httplib::Client& client, std::string body) const {
    const common::HttpRequest request = testing::signed_request(testing::principal("rds-exporter"), std::move(body));
    httplib::Headers headers;
    for (const auto& [name, value] : request.headers) {
      if (name != "Content-Type" && name != "Host") headers.emplace(name, value);
    }
    // The signature covers the Host header the fixture signed; the client must send that one.
    headers.emplace("Host", "127.0.0.1:9044");
    return client.Post("/", headers, request.body, "application/x-www-form-urlencoded; charset=utf-8");
  }

  // A CloudWatch call as current SDKs send it: AWS JSON 1.0 with X-Amz-Target, signed for "monitoring".
  httplib::Result post_json(httplib::Client& client, std::string_view principal_name, const std::string& body,
                            const httplib::Headers& extra = {}) const {
    common::HttpRequest request{"POST",
                                "/",
                                {},
                                {{"Host", "127.0.0.1:9044"},
                                 {"Content-Type", "application/x-amz-json-1.0"},
                                 {"X-Amz-Target", "GraniteServiceVersion20100801.GetMetricData"}},
                                body};
    const Principal& signer = testing::principal(principal_name);
    aws::SigningParams signing{std::string(testing::kRegion), "monitoring", testing::kNow};
    aws::SigV4Signer().sign(request, {signer.access_key_id, signer.secret_access_key, signer.session_token}, signing);
    httplib::Headers headers(extra.begin(), extra.end());
    for (const auto& [name, value] : request.headers) {
      if (name != "Content-Type") headers.emplace(name, value);
    }
    return client.Post("/", headers, request.body, "application/x-amz-json-1.0");
  }

  static std::string cpu_query_body() {
    const auto end = duration_cast<seconds>(testing::kNow.time_since_epoch()).count();
    return nlohmann::json{{"MetricDataQueries",
                           {{{"Id", "cpu"},
                             {"MetricStat",
                              {{"Metric",
                                {{"Namespace", "AWS/RDS"},
                                 {"MetricName", "CPUUtilization"},
                                 {"Dimensions", {{{"Name", "DBInstanceIdentifier"}, {"Value", "payments-db"}}}}}},
                               {"Period", 60},
                               {"Stat", "Average"}}}}}},
                          {"StartTime", end - 900},
                          {"EndTime", end}}
        .dump();
  }

  FleetStore fleet_{std::shared_ptr<const Fleet>(&testing::small_fleet(), [](const Fleet*) {})};
  ServiceRegistry services_;
  RequestStats stats_;
  RequestIds ids_{1};
  Clock clock_ = [] { return testing::kNow; };
  cloudwatch::CloudWatchUsage cloudwatch_usage_;
  std::unique_ptr<cloudwatch::CloudWatchService> owned_cloudwatch_ =
      std::make_unique<cloudwatch::CloudWatchService>(clock_, cloudwatch_usage_);
  const cloudwatch::CloudWatchService& cloudwatch_ = *owned_cloudwatch_;
  RequestAuthenticator authenticator_{clock_};
  QueryEndpoint endpoint_{fleet_, services_, authenticator_, stats_, ids_};
  JsonEndpoint json_endpoint_{fleet_, cloudwatch_, authenticator_, stats_, ids_};
  AdminApi admin_{fleet_, stats_, cloudwatch_usage_};
  SimServer server_{endpoint_, json_endpoint_, admin_, false};
};

TEST_F(SimServerTest, ServesSignedQueryRequestsOverHttp) {
  auto http = client();
  const auto result = post_signed(http, "Action=DescribeDBInstances&Version=2014-10-31");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/xml");
  EXPECT_FALSE(result->get_header_value("x-amzn-RequestId").empty());
  EXPECT_FALSE(result->get_header_value("Date").empty());
  EXPECT_NE(result->body.find("<DBInstanceIdentifier>payments-db</DBInstanceIdentifier>"), std::string::npos);
}

// httplib answers 413 to form bodies over 8 KiB unless the handler reads the body itself.
TEST_F(SimServerTest, AcceptsFormBodiesFarLargerThanEightKilobytes) {
  std::string body = "Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name=db-instance-id";
  for (int i = 1; i <= 3000; ++i) {
    body += "&Filters.Filter.1.Values.Value." + std::to_string(i) + "=instance-" + std::to_string(i);
  }
  ASSERT_GT(body.size(), 100000u);
  auto http = client();
  const auto result = post_signed(http, body);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200) << result->body;
}

TEST_F(SimServerTest, ServesTheAdminApiUnderSim) {
  auto http = client();
  ASSERT_TRUE(post_signed(http, "Action=DescribeDBClusters&Version=2014-10-31"));
  const auto stats = http.Get("/_sim/stats");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->status, 200);
  EXPECT_NE(stats->body.find(R"("DescribeDBClusters":{"200":1})"), std::string::npos) << stats->body;
  const auto reset = http.Post("/_sim/reset");
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200);
  EXPECT_EQ(http.Get("/_sim/stats")->body, "{\"requests\":{},\"total\":0,\"cloudwatch_metrics_requested\":0}\n");
}

TEST_F(SimServerTest, ServesCloudWatchOverJsonAndCountsTheBilledMetrics) {
  auto http = client();
  const auto result = post_json(http, "rds-exporter", cpu_query_body());
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/x-amz-json-1.0");
  const auto answer = nlohmann::json::parse(result->body);
  ASSERT_EQ(answer["MetricDataResults"].size(), 1u);
  EXPECT_EQ(answer["MetricDataResults"][0]["Id"], "cpu");
  EXPECT_FALSE(answer["MetricDataResults"][0]["Values"].empty());
  const auto stats = nlohmann::json::parse(http.Get("/_sim/stats")->body);
  EXPECT_EQ(stats["requests"]["monitoring"]["GetMetricData"]["200"], 1);
  EXPECT_EQ(stats["cloudwatch_metrics_requested"], 1);
}

TEST_F(SimServerTest, JsonCallersGetJsonErrorsWithQueryCompatibleCodes) {
  auto http = client();
  const auto result = post_json(http, "no-rights", cpu_query_body(), {{"x-amzn-query-mode", "true"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_NE(nlohmann::json::parse(result->body)["__type"].get<std::string>().find("AccessDenied"), std::string::npos);
  EXPECT_EQ(result->get_header_value("x-amzn-query-error"), "AccessDenied;Sender");
}

TEST_F(SimServerTest, StopsAtOnceWithAnIdleKeepAliveConnectionOpen) {
  auto http = client();
  ASSERT_TRUE(http.Get("/_sim/stats"));
  const auto started = steady_clock::now();
  server_.stop();
  EXPECT_LT(steady_clock::now() - started, milliseconds{500});
}

TEST_F(SimServerTest, RefusesAPortAlreadyInUse) {
  SimServer second{endpoint_, json_endpoint_, admin_, false};
  const auto error = second.start(server_.port());
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(*error, "address 127.0.0.1:" + std::to_string(server_.port()) + " is already in use");
}

}  // namespace
}  // namespace rds_exporter::sim
