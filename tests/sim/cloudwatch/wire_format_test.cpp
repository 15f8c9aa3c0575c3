// What clients parse: numbers as Java writes them, and GetMetricData's XML and JSON documents.
#include "cloudwatch_fixtures.h"
#include "sim/cloudwatch/get_metric_data.h"
#include "sim/cloudwatch/java_double.h"
#include "sim/cloudwatch/json_text.h"
#include "sim/common/iso8601.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cmath>
#include <limits>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::CloudWatchClient;
using testing::get_metric_data_params;
using testing::test_now;

std::string java(double value) {
  std::string text;
  append_java_double(text, value);
  return text;
}

TEST(JavaDouble, WritesWhatDoubleToStringWrites) {
  EXPECT_EQ(java(12.5), "12.5");
  EXPECT_EQ(java(11), "11.0");
  EXPECT_EQ(java(0), "0.0");
  EXPECT_EQ(java(-0.0), "-0.0");
  EXPECT_EQ(java(-2.5), "-2.5");
  EXPECT_EQ(java(0.001), "0.001");
  EXPECT_EQ(java(0.0123), "0.0123");
  EXPECT_EQ(java(0.0001), "1.0E-4");
  EXPECT_EQ(java(123456.789), "123456.789");
  EXPECT_EQ(java(9999999), "9999999.0");
  EXPECT_EQ(java(1e7), "1.0E7");
  EXPECT_EQ(java(1.6924672e8), "1.6924672E8");
  EXPECT_EQ(java(1714564800), "1.7145648E9");
  EXPECT_EQ(java(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(java(1.5e-10), "1.5E-10");
  EXPECT_EQ(java(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(java(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JavaDouble, ReadsBackAsTheSameDouble) {
  for (const double value : {3.14159, 1e-300, 6.02214076e23, 17.000000000000004, 0.004999, 1234567.125}) {
    EXPECT_EQ(std::stod(java(value)), value) << java(value);
  }
}

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
  std::string out;
  append_json_string(out, "a\"b\\c\nd\x01é");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\u0001é\"");
  EXPECT_EQ(nlohmann::json::parse(out), "a\"b\\c\nd\x01é");
}

class GetMetricDataWireTest : public ::testing::Test {
 protected:
  common::QueryParams params(const common::QueryParams& extra = {}) {
    return get_metric_data_params({{"cpu"}, {"binlog", "BinLogDiskUsage"}, {"mem", "FreeableMemory"}}, test_now() - 600,
                                  test_now(), extra);
  }

  // What the engine computes for params(), which the documents must carry to the last bit.
  MetricDataPage engine_page() {
    const auto request = std::get<GetMetricDataRequest>(read_get_metric_data(QueryParameters(params())));
    return std::get<MetricDataPage>(get_metric_data(request, client_.fleet(), test_now()));
  }

  CloudWatchClient client_{testing::test_fleet()};
};

TEST_F(GetMetricDataWireTest, XmlAsBotocoreReadsIt) {
  const OperationOutcome outcome = client_.query(params());
  ASSERT_TRUE(std::holds_alternative<std::string>(outcome));
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(outcome).c_str()));
  const pugi::xml_node root = document.child("GetMetricDataResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://monitoring.amazonaws.com/doc/2010-08-01/");
  EXPECT_STREQ(root.child("ResponseMetadata").child_value("RequestId"), "11111111-2222-4333-8444-555555555555");
  const pugi::xml_node result = root.child("GetMetricDataResult");
  EXPECT_TRUE(result.child("NextToken").empty());
  EXPECT_TRUE(result.child("Messages").first_child().empty());

  std::vector<pugi::xml_node> members;
  for (const pugi::xml_node member : result.child("MetricDataResults").children("member")) members.push_back(member);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_STREQ(members[0].child_value("Id"), "cpu");
  EXPECT_STREQ(members[0].child_value("Label"), "CPUUtilization");
  EXPECT_STREQ(members[0].child_value("StatusCode"), "Complete");
  std::vector<std::int64_t> times;
  for (const pugi::xml_node time : members[0].child("Timestamps").children("member")) {
    times.push_back(parse_iso8601(time.child_value())->time_since_epoch().count());
  }
  std::vector<double> values;
  for (const pugi::xml_node value : members[0].child("Values").children("member")) {
    values.push_back(std::stod(value.child_value()));
  }
  ASSERT_EQ(times.size(), 9u);
  EXPECT_EQ(times.front(), test_now() - 120);

  const MetricDataPage page = engine_page();
  EXPECT_EQ(times, page.results[0].timestamps);
  EXPECT_EQ(values, page.results[0].values);

  // Postgres has no BinLogDiskUsage: empty lists, Complete.
  EXPECT_TRUE(members[1].child("Timestamps").first_child().empty());
  EXPECT_TRUE(members[1].child("Values").first_child().empty());
  EXPECT_STREQ(members[1].child_value("StatusCode"), "Complete");
  // FreeableMemory is in the billions: exponent notation.
  EXPECT_NE(std::string(members[2].child("Values").first_child().child_value()).find('E'), std::string::npos);
}

TEST_F(GetMetricDataWireTest, XmlCarriesNextTokenAndPartialData) {
  const OperationOutcome outcome = client_.query(params({{"MaxDatapoints", "4"}}));
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(std::get<std::string>(outcome).c_str()));
  const pugi::xml_node result = document.child("GetMetricDataResponse").child("GetMetricDataResult");
  EXPECT_STRNE(result.child_value("NextToken"), "");
  EXPECT_STREQ(result.child("MetricDataResults").first_child().child_value("StatusCode"), "PartialData");
}

TEST_F(GetMetricDataWireTest, JsonAsTheJsSdkReadsIt) {
  const HttpReply reply = client_.json(params());
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "application/x-amz-json-1.0");
  EXPECT_TRUE(reply.headers.empty());
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_FALSE(body.contains("NextToken"));
  EXPECT_EQ(body.at("Messages"), nlohmann::json::array());
  const auto& results = body.at("MetricDataResults");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("Id"), "cpu");
  EXPECT_EQ(results[0].at("Label"), "CPUUtilization");
  EXPECT_EQ(results[0].at("StatusCode"), "Complete");
  EXPECT_EQ(results[0].at("Messages"), nlohmann::json::array());
  ASSERT_EQ(results[0].at("Timestamps").size(), 9u);
  EXPECT_EQ(results[0].at("Timestamps")[0].get<double>(), static_cast<double>(test_now() - 120));
  EXPECT_NE(reply.body.find("E9"), std::string::npos);  // 1.7645...E9, as Java writes epoch seconds

  const MetricDataPage page = engine_page();
  EXPECT_EQ(results[0].at("Values").get<std::vector<double>>(), page.results[0].values);
  EXPECT_EQ(results[1].at("Timestamps"), nlohmann::json::array());
}

TEST_F(GetMetricDataWireTest, JsonTimestampsMayBeFractionalOrInExponentForm) {
  const std::int64_t start = test_now() - 600;
  const std::string body = R"({"MetricDataQueries":[{"Id":"cpu","MetricStat":{"Metric":{"Namespace":"AWS/RDS",)"
                           R"("MetricName":"CPUUtilization","Dimensions":[{"Name":"DBInstanceIdentifier",)"
                           R"("Value":"pg-prod-1"}]},"Period":60,"Stat":"Average"},"ReturnData":true}],)"
                           R"("StartTime":)" +
                           java(static_cast<double>(start)) + R"(,"EndTime":)" + std::to_string(test_now()) +
                           R"(.75,"ScanBy":"TimestampAscending"})";
  const HttpReply reply = client_.json_body("GetMetricData", body);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto results = nlohmann::json::parse(reply.body).at("MetricDataResults");
  EXPECT_EQ(results[0].at("Timestamps")[0].get<double>(), static_cast<double>(start));
}

TEST_F(GetMetricDataWireTest, ABodyThatIsNotJsonIsASerializationError) {
  for (const char* body : {"{", "[]", "\"MetricDataQueries\""}) {
    const HttpReply reply = client_.json_body("GetMetricData", body);
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(nlohmann::json::parse(reply.body).at("__type"), "com.amazon.coral.service#SerializationException");
  }
  // An empty body is the empty input, which lacks the required parameters.
  const HttpReply empty = client_.json_body("GetMetricData", "");
  EXPECT_EQ(nlohmann::json::parse(empty.body).at("message"),
            "The parameter MetricDataQueries is required.\nThe parameter StartTime is required.\n"
            "The parameter EndTime is required.\n");
}

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch
