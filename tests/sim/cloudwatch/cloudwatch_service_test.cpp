#include "sim/cloudwatch/cloudwatch_service.h"

#include "cloudwatch_fixtures.h"
#include "sim/cloudwatch/json_reply.h"
#include "sim/protocol/common_errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::CloudWatchClient;
using testing::get_metric_data_params;
using testing::test_now;

TEST(CloudWatchService, IsTheMonitoringQueryService) {
  CloudWatchClient client(testing::test_fleet());
  const CloudWatchService& service = client.service();
  EXPECT_EQ(service.signing_name(), "monitoring");
  EXPECT_EQ(service.api_version(), "2010-08-01");
  EXPECT_EQ(service.xml_namespace(), "http://monitoring.amazonaws.com/doc/2010-08-01/");
  const QueryParameters none;
  const OperationCall call{none, client.fleet(), "id"};
  for (const auto& [action, iam] : {std::pair{"GetMetricData", "cloudwatch:GetMetricData"},
                                    std::pair{"GetMetricStatistics", "cloudwatch:GetMetricStatistics"},
                                    std::pair{"ListMetrics", "cloudwatch:ListMetrics"}}) {
    const QueryOperation* operation = service.find_operation(action);
    ASSERT_NE(operation, nullptr) << action;
    EXPECT_EQ(operation->name(), action);
    EXPECT_EQ(operation->iam_action(), iam);
    EXPECT_EQ(operation->resource_arn(call), "*");
  }
  EXPECT_EQ(service.find_operation("PutMetricData"), nullptr);
}

TEST(CloudWatchService, FindsJsonOperationsByTarget) {
  CloudWatchClient client(testing::test_fleet());
  const CloudWatchService& service = client.service();
  EXPECT_EQ(service.find_json_operation("GraniteServiceVersion20100801.GetMetricData"),
            service.find_operation("GetMetricData"));
  EXPECT_EQ(service.find_json_operation("GraniteServiceVersion20100801.ListMetrics"),
            service.find_operation("ListMetrics"));
  EXPECT_EQ(service.find_json_operation("GraniteServiceVersion20100801.PutMetricData"), nullptr);
  EXPECT_EQ(service.find_json_operation("GraniteServiceVersion20100801GetMetricData"), nullptr);
  EXPECT_EQ(service.find_json_operation("Logs_20140328.GetMetricData"), nullptr);
  EXPECT_EQ(service.find_json_operation("GetMetricData"), nullptr);
}

TEST(CloudWatchService, BillsEveryMetricRequested) {
  CloudWatchClient client(testing::test_fleet());
  const std::int64_t start = test_now() - 3600;
  client.query(get_metric_data_params({{"a"}, {"b", "FreeableMemory"}, {"c", "CPUUtilization", "mysql-prod-1"}}, start,
                                      test_now()));
  client.json(get_metric_data_params({{"a"}, {"b", "FreeableMemory"}}, start, test_now()));
  client.query({{"Action", "ListMetrics"}});
  EXPECT_EQ(client.usage().metrics_requested(), 5u);
  // Up to five statistics of one metric are billed as one metric.
  client.query(get_metric_data_params({{"a", "CPUUtilization", "pg-prod-1", "60", "Average"},
                                       {"b", "CPUUtilization", "pg-prod-1", "60", "Maximum"}},
                                      start, test_now()));
  EXPECT_EQ(client.usage().metrics_requested(), 6u);
}

TEST(CloudWatchService, DatapointsFollowTheClock) {
  CloudWatchClient client(testing::test_fleet());
  const auto newest = [&] {
    const auto body = nlohmann::json::parse(
        client.json(get_metric_data_params({{"cpu"}}, test_now() - 3600, test_now() + 3600)).body);
    return body.at("MetricDataResults")[0].at("Timestamps")[0].get<double>();
  };
  EXPECT_EQ(newest(), static_cast<double>(test_now() - 120));
  client.set_now(test_now() + 600);
  EXPECT_EQ(newest(), static_cast<double>(test_now() + 480));
}

TEST(JsonReply, AuthenticationErrorsGetTheNamesJsonServicesUse) {
  const auto type = [](const ApiError& error) { return json_error_type(error); };
  EXPECT_EQ(type(invalid_client_token_id()), "com.amazon.coral.service#UnrecognizedClientException");
  EXPECT_EQ(type(signature_does_not_match()), "com.amazon.coral.service#InvalidSignatureException");
  EXPECT_EQ(type(access_denied("arn:aws:iam::123456789012:user/x", "cloudwatch:GetMetricData", "*")),
            "com.amazon.coral.service#AccessDeniedException");
  EXPECT_EQ(type(invalid_action("PutMetricData", "2010-08-01")), "com.amazon.coral.service#UnknownOperationException");
  EXPECT_EQ(type(ApiError{400, "Throttling", "Rate exceeded"}), "com.amazon.coral.availability#ThrottlingException");
  EXPECT_EQ(type(invalid_parameter_value("x")), "com.amazonaws.cloudwatch#InvalidParameterValueException");
  EXPECT_EQ(type(ApiError{400, "SomethingElse", ""}), "SomethingElse");
}

TEST(JsonReply, ServerFaultsAreReceiverErrors) {
  const HttpReply reply = json_reply(ApiError{500, "InternalServiceError", "oops"}, true);
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.headers.at(0).second, "InternalServiceError;Receiver");
  EXPECT_EQ(nlohmann::json::parse(reply.body),
            nlohmann::json::parse(R"({"__type":"com.amazonaws.cloudwatch#InternalServiceFault","message":"oops"})"));
}

TEST(JsonReply, SuccessIsTheDocument) {
  const HttpReply reply = json_reply(std::string(R"({"Metrics":[]})"), true);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.0");
  EXPECT_EQ(reply.body, R"({"Metrics":[]})");
  EXPECT_TRUE(reply.headers.empty());
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
