#include "sim/cloudwatch/get_metric_statistics.h"

#include "cloudwatch_fixtures.h"
#include "sim/cloudwatch/metric_values.h"
#include "sim/common/iso8601.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::at;
using testing::CloudWatchClient;
using testing::iso;
using testing::test_now;

class GetMetricStatisticsTest : public ::testing::Test {
 protected:
  common::QueryParams params(std::int64_t period = 300,
                             const common::QueryParams& statistics = {{"Statistics.member.1", "Average"},
                                                                      {"Statistics.member.2", "Maximum"}}) {
    common::QueryParams p = {{"Action", "GetMetricStatistics"},
                             {"Version", "2010-08-01"},
                             {"Namespace", "AWS/RDS"},
                             {"MetricName", "CPUUtilization"},
                             {"Dimensions.member.1.Name", "DBInstanceIdentifier"},
                             {"Dimensions.member.1.Value", "pg-prod-1"},
                             {"StartTime", iso(start_)},
                             {"EndTime", iso(start_ + 3600)},
                             {"Period", std::to_string(period)}};
    p.insert(p.end(), statistics.begin(), statistics.end());
    return p;
  }

  ApiError refusal(const common::QueryParams& p) {
    const OperationOutcome outcome = client_.query(p);
    EXPECT_TRUE(std::holds_alternative<ApiError>(outcome));
    return std::holds_alternative<ApiError>(outcome) ? std::get<ApiError>(outcome) : ApiError{};
  }

  static common::QueryParams without(common::QueryParams p, std::initializer_list<std::string_view> names) {
    std::erase_if(p,
                  [&](const auto& param) { return std::find(names.begin(), names.end(), param.first) != names.end(); });
    return p;
  }

  MetricSeries series() {
    const Dimension dimensions[] = {{"DBInstanceIdentifier", "pg-prod-1"}};
    return *find_series(client_.fleet(), "AWS/RDS", "CPUUtilization", dimensions);
  }

  CloudWatchClient client_{testing::test_fleet()};
  std::int64_t start_ = test_now() - 2 * 3600;
};

TEST_F(GetMetricStatisticsTest, DatapointsCarryTheRequestedStatisticsInNoParticularOrder) {
  const auto outcome = client_.query(params());
  ASSERT_TRUE(std::holds_alternative<std::string>(outcome)) << std::get<ApiError>(outcome).message;
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(outcome).c_str()));
  const pugi::xml_node result = document.child("GetMetricStatisticsResponse").child("GetMetricStatisticsResult");
  EXPECT_STREQ(result.child_value("Label"), "CPUUtilization");
  std::vector<std::int64_t> times;
  for (const pugi::xml_node datapoint : result.child("Datapoints").children("member")) {
    const std::int64_t time = parse_iso8601(datapoint.child_value("Timestamp"))->time_since_epoch().count();
    times.push_back(time);
    const auto expected = [&](Statistic::Kind kind) {
      return *datapoint_value(series(), Statistic{kind, 0}, at(time), std::chrono::seconds(300), at(test_now()));
    };
    EXPECT_EQ(std::stod(datapoint.child_value("Average")), expected(Statistic::Kind::kAverage));
    EXPECT_EQ(std::stod(datapoint.child_value("Maximum")), expected(Statistic::Kind::kMaximum));
    EXPECT_TRUE(datapoint.child("Sum").empty());
    EXPECT_STREQ(datapoint.child_value("Unit"), "Percent");
    // Members in the model's order.
    EXPECT_STREQ(datapoint.first_child().name(), "Timestamp");
    EXPECT_STREQ(datapoint.first_child().next_sibling().name(), "Average");
  }
  ASSERT_EQ(times.size(), 12u);
  EXPECT_FALSE(std::is_sorted(times.begin(), times.end()));
  std::sort(times.begin(), times.end());
  EXPECT_EQ(times.front(), start_);
  EXPECT_EQ(times.back(), start_ + 3300);
}

TEST_F(GetMetricStatisticsTest, PercentilesComeAsExtendedStatistics) {
  const auto p = params(3600, {{"ExtendedStatistics.member.1", "p99"}, {"ExtendedStatistics.member.2", "p50"}});
  const HttpReply reply = client_.json(p);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body.at("Label"), "CPUUtilization");
  ASSERT_EQ(body.at("Datapoints").size(), 1u);
  const auto& datapoint = body.at("Datapoints")[0];
  EXPECT_EQ(datapoint.at("Timestamp").get<double>(), static_cast<double>(start_));
  EXPECT_EQ(datapoint.at("Unit"), "Percent");
  EXPECT_FALSE(datapoint.contains("Average"));
  const double p99 = datapoint.at("ExtendedStatistics").at("p99");
  const double p50 = datapoint.at("ExtendedStatistics").at("p50");
  EXPECT_GE(p99, p50);
  EXPECT_EQ(p99, *datapoint_value(series(), Statistic{Statistic::Kind::kPercentile, 99}, at(start_),
                                  std::chrono::seconds(3600), at(test_now())));

  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(client_.query(p)).c_str()));
  const pugi::xml_node entry = document.select_node("//Datapoints/member/ExtendedStatistics/entry").node();
  EXPECT_STREQ(entry.child_value("key"), "p99");
  EXPECT_EQ(std::stod(entry.child_value("value")), p99);
}

TEST_F(GetMetricStatisticsTest, MissingParametersAreNamedTogether) {
  const ApiError error = refusal({{"Action", "GetMetricStatistics"}});
  EXPECT_EQ(error.code, "MissingParameter");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.message,
            "The parameter Namespace is required.\nThe parameter MetricName is required.\n"
            "The parameter StartTime is required.\nThe parameter EndTime is required.\n"
            "The parameter Period is required.");
  const HttpReply reply = client_.json({{"Action", "GetMetricStatistics"}});
  EXPECT_EQ(nlohmann::json::parse(reply.body).at("__type"),
            "com.amazonaws.cloudwatch#MissingRequiredParameterException");
  EXPECT_EQ(reply.headers.at(0).second, "MissingParameter;Sender");
}

TEST_F(GetMetricStatisticsTest, ExactlyOneOfStatisticsAndExtendedStatistics) {
  const ApiError neither = refusal(params(300, {}));
  EXPECT_EQ(neither.code, "InvalidParameterCombination");
  EXPECT_EQ(neither.message, "Must specify either Statistics or ExtendedStatistics");
  const ApiError both = refusal(params(300, {{"Statistics.member.1", "Sum"}, {"ExtendedStatistics.member.1", "p9"}}));
  EXPECT_EQ(both.code, "InvalidParameterCombination");
  const ApiError unknown = refusal(params(300, {{"Statistics.member.1", "p99"}}));
  EXPECT_EQ(unknown.code, "InvalidParameterValue");
  EXPECT_EQ(unknown.message, "The value p99 for parameter Statistics.member.1 is invalid.");
}

TEST_F(GetMetricStatisticsTest, InvalidValues) {
  EXPECT_EQ(refusal(params(90)).message, "The parameter Period must be a multiple of 60.");
  auto same = without(params(), {"EndTime"});
  same.emplace_back("EndTime", iso(start_));
  const ApiError equal = refusal(same);
  EXPECT_EQ(equal.code, "InvalidParameterValue");
  EXPECT_EQ(equal.message, "The parameter StartTime must not equal parameter EndTime.");
}

TEST_F(GetMetricStatisticsTest, AtMost1440Datapoints) {
  const ApiError error = refusal(params(1));
  EXPECT_EQ(error.code, "InvalidParameterCombination");
  EXPECT_EQ(error.message,
            "You have requested up to 3600 datapoints, which exceeds the limit of 1440. You may reduce the "
            "datapoints requested by increasing Period, or decreasing the time range.");
}

TEST_F(GetMetricStatisticsTest, UnknownMetricsHaveNoDatapoints) {
  auto p = without(params(), {"MetricName"});
  p.emplace_back("MetricName", "BinLogDiskUsage");
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(client_.query(p)).c_str()));
  const pugi::xml_node result = document.child("GetMetricStatisticsResponse").child("GetMetricStatisticsResult");
  EXPECT_STREQ(result.child_value("Label"), "BinLogDiskUsage");
  EXPECT_TRUE(result.child("Datapoints").first_child().empty());
  EXPECT_EQ(nlohmann::json::parse(client_.json(p).body).at("Datapoints"), nlohmann::json::array());
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
