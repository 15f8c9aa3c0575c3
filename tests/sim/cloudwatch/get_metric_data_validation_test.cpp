// Every way GetMetricData refuses a request, as AWS words it, over the Query protocol and over AWS JSON 1.0.
#include "cloudwatch_fixtures.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::CloudWatchClient;
using testing::get_metric_data_params;
using testing::QuerySpec;
using testing::test_now;

struct Refusal {
  int status;
  std::string code;
  std::string json_type;
  std::string message;
};

const Refusal kValidation{400, "ValidationError", "com.amazon.coral.validate#ValidationException", ""};

Refusal validation(std::string message) {
  Refusal refusal = kValidation;
  refusal.message = std::move(message);
  return refusal;
}

class GetMetricDataValidationTest : public ::testing::Test {
 protected:
  // Both protocols refuse `params` alike.
  void expect_refused(const common::QueryParams& params, const Refusal& expected) {
    const OperationOutcome outcome = client_.query(params);
    ASSERT_TRUE(std::holds_alternative<ApiError>(outcome)) << "the Query request was answered";
    const auto& error = std::get<ApiError>(outcome);
    EXPECT_EQ(error.http_status, expected.status);
    EXPECT_EQ(error.code, expected.code);
    EXPECT_EQ(error.message, expected.message);

    const HttpReply reply = client_.json(params);
    EXPECT_EQ(reply.status, expected.status);
    EXPECT_EQ(reply.content_type, "application/x-amz-json-1.0");
    const auto body = nlohmann::json::parse(reply.body);
    EXPECT_EQ(body.at("__type"), expected.json_type);
    EXPECT_EQ(body.at("message"), expected.message);
    ASSERT_EQ(reply.headers.size(), 1u);
    EXPECT_EQ(reply.headers[0].first, "x-amzn-query-error");
    EXPECT_EQ(reply.headers[0].second, expected.code + ";Sender");
  }

  std::vector<QuerySpec> queries(int count) {
    std::vector<QuerySpec> specs;
    for (int i = 0; i < count; ++i) specs.push_back({testing::numbered("q", i)});
    return specs;
  }

  common::QueryParams one_query(QuerySpec spec, const common::QueryParams& extra = {}) {
    return get_metric_data_params({std::move(spec)}, start_, end_, extra);
  }

  static common::QueryParams without(common::QueryParams params, std::string_view name) {
    std::erase_if(params, [&](const auto& param) { return param.first == name; });
    return params;
  }

  CloudWatchClient client_{testing::test_fleet()};
  std::int64_t start_ = test_now() - 3600;
  std::int64_t end_ = test_now();
};

TEST_F(GetMetricDataValidationTest, FiveHundredQueriesAreAnswered) {
  EXPECT_TRUE(std::holds_alternative<std::string>(client_.query(get_metric_data_params(queries(500), start_, end_))));
  EXPECT_EQ(client_.json(get_metric_data_params(queries(500), start_, end_)).status, 200);
}

TEST_F(GetMetricDataValidationTest, MoreThanFiveHundredQueries) {
  expect_refused(get_metric_data_params(queries(501), start_, end_),
                 validation("The collection MetricDataQueries must not have a size greater than 500."));
}

TEST_F(GetMetricDataValidationTest, IdsMustStartWithALowercaseLetter) {
  expect_refused(
      get_metric_data_params({{"Cpu"}, {"ok_1"}, {"5xx"}, {"a-b"}}, start_, end_),
      validation("The value Cpu for parameter MetricDataQueries.member.1.Id is not matching the expected pattern "
                 "^[a-z][a-zA-Z0-9_]*$.\n"
                 "The value 5xx for parameter MetricDataQueries.member.3.Id is not matching the expected pattern "
                 "^[a-z][a-zA-Z0-9_]*$.\n"
                 "The value a-b for parameter MetricDataQueries.member.4.Id is not matching the expected pattern "
                 "^[a-z][a-zA-Z0-9_]*$.\n"));
  EXPECT_TRUE(std::holds_alternative<std::string>(client_.query(one_query({"m"}))));
  EXPECT_TRUE(std::holds_alternative<std::string>(client_.query(one_query({"cpu_Avg_99"}))));
}

TEST_F(GetMetricDataValidationTest, IdsMustBeUnique) {
  expect_refused(get_metric_data_params({{"cpu"}, {"mem"}, {"cpu"}}, start_, end_),
                 validation("The values for parameter id in MetricDataQueries are not unique."));
}

TEST_F(GetMetricDataValidationTest, PeriodsAreMultiplesOf60OrHighResolution) {
  expect_refused(one_query({"cpu", "CPUUtilization", "pg-prod-1", "90"}),
                 validation("The parameter MetricDataQueries.member.1.MetricStat.Period must be a multiple of 60.\n"));
  expect_refused(one_query({"cpu", "CPUUtilization", "pg-prod-1", "15"}),
                 validation("The parameter MetricDataQueries.member.1.MetricStat.Period must be a value in the set "
                            "[ 1, 5, 10, 20, 30 ].\n"));
  expect_refused(one_query({"cpu", "CPUUtilization", "pg-prod-1", "0"}),
                 validation("The parameter MetricDataQueries.member.1.MetricStat.Period must be a value in the set "
                            "[ 1, 5, 10, 20, 30 ].\n"));
  for (const char* period : {"1", "5", "10", "20", "30", "60", "300", "86400"}) {
    EXPECT_TRUE(
        std::holds_alternative<std::string>(client_.query(one_query({"cpu", "CPUUtilization", "pg-prod-1", period}))))
        << period;
  }
}

TEST_F(GetMetricDataValidationTest, StartTimeMustComeBeforeEndTime) {
  expect_refused(get_metric_data_params({{"cpu"}}, start_, start_),
                 validation("The parameter StartTime must not equal parameter EndTime.\n"));
  expect_refused(get_metric_data_params({{"cpu"}}, end_, start_),
                 validation("The parameter EndTime must be greater than StartTime.\n"));
}

TEST_F(GetMetricDataValidationTest, RequiredParameters) {
  expect_refused(without(one_query({"cpu"}), "StartTime"), validation("The parameter StartTime is required.\n"));
  expect_refused(get_metric_data_params({}, start_, end_),
                 validation("The parameter MetricDataQueries is required.\n"));
  expect_refused(without(one_query({"cpu"}), "MetricDataQueries.member.1.MetricStat.Stat"),
                 validation("The parameter MetricDataQueries.member.1.MetricStat.Stat is required.\n"));
  expect_refused(without(one_query({"cpu"}), "MetricDataQueries.member.1.MetricStat.Metric.Namespace"),
                 validation("The parameter MetricDataQueries.member.1.MetricStat.Metric.Namespace is required.\n"));
  expect_refused(without(one_query({"cpu"}), "MetricDataQueries.member.1.Id"),
                 validation("The parameter MetricDataQueries.member.1.Id is required.\n"));
  expect_refused({{"Action", "GetMetricData"},
                  {"MetricDataQueries.member.1.Id", "cpu"},
                  {"StartTime", testing::iso(start_)},
                  {"EndTime", testing::iso(end_)}},
                 validation("The parameter MetricDataQueries.member.1.MetricStat is required.\n"));
}

TEST_F(GetMetricDataValidationTest, StatisticsMustBeCloudWatchStatistics) {
  expect_refused(
      get_metric_data_params({{"a", "CPUUtilization", "pg-prod-1", "60", "Avg"},
                              {"b", "CPUUtilization", "pg-prod-1", "60", "p101"},
                              {"c", "CPUUtilization", "pg-prod-1", "60", ""}},
                             start_, end_),
      validation("The value Avg for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.\n"
                 "The value p101 for parameter MetricDataQueries.member.2.MetricStat.Stat is not a valid statistic.\n"
                 "The value for parameter MetricDataQueries.member.3.MetricStat.Stat is not a valid statistic.\n"));
  for (const char* stat : {"SampleCount", "Sum", "Minimum", "Maximum", "p99", "p99.9", "p0", "p100", "p50.25"}) {
    EXPECT_TRUE(std::holds_alternative<std::string>(
        client_.query(one_query({"cpu", "CPUUtilization", "pg-prod-1", "60", stat}))))
        << stat;
  }
}

TEST_F(GetMetricDataValidationTest, EveryProblemIsListedInOneMessage) {
  auto params = get_metric_data_params({{"Bad", "CPUUtilization", "pg-prod-1", "61", "Median"}}, end_, end_);
  params.emplace_back("ScanBy", "Sideways");
  expect_refused(
      params,
      validation("The value Bad for parameter MetricDataQueries.member.1.Id is not matching the expected pattern "
                 "^[a-z][a-zA-Z0-9_]*$.\n"
                 "The parameter MetricDataQueries.member.1.MetricStat.Period must be a multiple of 60.\n"
                 "The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid "
                 "statistic.\n"
                 "The parameter StartTime must not equal parameter EndTime.\n"
                 "The value Sideways for parameter ScanBy is invalid.\n"));
}

TEST_F(GetMetricDataValidationTest, MalformedValues) {
  expect_refused(one_query({"cpu"}, {{"MaxDatapoints", "0"}}),
                 validation("The value 0 for parameter MaxDatapoints is invalid.\n"));
  auto bad_time = one_query({"cpu"});
  std::erase_if(bad_time, [](const auto& p) { return p.first == "EndTime"; });
  bad_time.emplace_back("EndTime", "yesterday");
  const OperationOutcome outcome = client_.query(bad_time);
  ASSERT_TRUE(std::holds_alternative<ApiError>(outcome));
  EXPECT_EQ(std::get<ApiError>(outcome).message, "The value yesterday for parameter EndTime is invalid.\n");
}

TEST_F(GetMetricDataValidationTest, AtMostThirtyDimensions) {
  auto params = one_query({"cpu"});
  for (int i = 2; i <= 31; ++i) {
    const std::string prefix = "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member." + std::to_string(i);
    params.emplace_back(prefix + ".Name", "Extra" + std::to_string(i));
    params.emplace_back(prefix + ".Value", "x");
  }
  expect_refused(params, validation("The collection MetricDataQueries.member.1.MetricStat.Metric.Dimensions must not "
                                    "have a size greater than 30.\n"));
}

TEST_F(GetMetricDataValidationTest, ExpressionsAreRefusedInWordsThatSaySo) {
  common::QueryParams params = one_query({"cpu"});
  params.emplace_back("MetricDataQueries.member.2.Id", "doubled");
  params.emplace_back("MetricDataQueries.member.2.Expression", "cpu * 2");
  expect_refused(params, validation("rds_sim does not evaluate metric math or Metrics Insights queries "
                                    "(MetricDataQueries.member.2.Expression); ask for a MetricStat instead.\n"));
}

TEST_F(GetMetricDataValidationTest, ANextTokenFromElsewhere) {
  expect_refused(one_query({"cpu"}, {{"NextToken", "bm90IGEgdG9rZW4="}}),
                 {400, "InvalidNextToken", "com.amazonaws.cloudwatch#InvalidNextToken",
                  "The value bm90IGEgdG9rZW4= for parameter NextToken is invalid."});
}

TEST_F(GetMetricDataValidationTest, QueryErrorHeaderOnlyInQueryMode) {
  const HttpReply reply = client_.json(get_metric_data_params({{"Cpu"}}, start_, end_), false);
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(reply.headers.empty());
}

TEST_F(GetMetricDataValidationTest, RefusedCallsAreNotBilled) {
  client_.query(get_metric_data_params({{"Cpu"}}, start_, end_));
  client_.json(get_metric_data_params(queries(501), start_, end_));
  EXPECT_EQ(client_.usage().metrics_requested(), 0u);
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
