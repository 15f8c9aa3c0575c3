#include "aws/protocol/json_protocol.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono_literals;

const JsonProtocol kCloudWatch{
    .json_version = "1.0", .target_prefix = "GraniteServiceVersion20100801", .query_compatible = true};

// docs/aws-wire-formats.md#getmetricdata-over-aws-json: what the current JS SDK sends to CloudWatch.
TEST(MakeJsonRequest, SendsTheHeadersOfAQueryCompatibleJson10Service) {
  const auto request = make_json_request(kCloudWatch, "GetMetricData", {{"MaxDatapoints", 100800}});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-amz-json-1.0"},
                                              {"x-amz-target", "GraniteServiceVersion20100801.GetMetricData"},
                                              {"x-amzn-query-mode", "true"}}));
  EXPECT_EQ(request.body, R"({"MaxDatapoints":100800})");
}

TEST(MakeJsonRequest, AsksForQueryErrorsOnlyFromQueryCompatibleServices) {
  const JsonProtocol plain{.json_version = "1.1", .target_prefix = "Logs_20140328"};
  const auto request = make_json_request(plain, "DescribeLogGroups", nlohmann::json::object());
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-amz-json-1.1"},
                                              {"x-amz-target", "Logs_20140328.DescribeLogGroups"}}));
}

TEST(MakeJsonRequest, SendsAnEmptyObjectForNoInput) {
  EXPECT_EQ(make_json_request(kCloudWatch, "ListDashboards", nullptr).body, "{}");
  EXPECT_EQ(make_json_request(kCloudWatch, "ListDashboards", nlohmann::json::object()).body, "{}");
}

TEST(MakeJsonRequest, ReplacesInvalidUtf8InsteadOfThrowing) {
  const auto request = make_json_request(kCloudWatch, "GetMetricData", {{"Id", "a\xff"}});
  EXPECT_EQ(request.body, "{\"Id\":\"a\xef\xbf\xbd\"}");
}

TEST(EpochSecondsJson, IsAWholeNumberUnlessTheTimeHasMilliseconds) {
  const TimePoint whole{1714564800s};
  EXPECT_EQ(epoch_seconds_json(whole).dump(), "1714564800");
  EXPECT_EQ(epoch_seconds_json(whole + 500ms).dump(), "1714564800.5");
}

}  // namespace
}  // namespace rds_exporter::aws
