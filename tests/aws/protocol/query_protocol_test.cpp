#include "aws/protocol/query_protocol.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono_literals;

TimePoint utc(int year, unsigned month, unsigned day, int hour, int minute) {
  return std::chrono::sys_days{std::chrono::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute};
}

// The byte-exact bodies botocore's QuerySerializer produces (docs/aws-wire-formats.md#the-query-protocol).
TEST(MakeQueryRequest, MatchesBotocoresDescribeDbInstancesBody) {
  const auto request = make_query_request("DescribeDBInstances", "2014-10-31",
                                          QueryParamsBuilder().add("DBInstanceIdentifier", "orders-prod-1").params());
  EXPECT_EQ(request.body, "Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=orders-prod-1");
}

TEST(MakeQueryRequest, MatchesBotocoresDescribeDbClustersBodyWithFilters) {
  QueryParamsBuilder params;
  const std::string filter = query_list_item("Filters", "Filter", 0);
  params.add(filter + ".Name", "engine")
      .add_list(filter + ".Values", "Value", {"aurora-mysql", "aurora-postgresql"})
      .add_integer("MaxRecords", 100)
      .add("Marker", "m1");
  EXPECT_EQ(make_query_request("DescribeDBClusters", "2014-10-31", std::move(params).params()).body,
            "Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1="
            "aurora-mysql&Filters.Filter.1.Values.Value.2=aurora-postgresql&MaxRecords=100&Marker=m1");
}

TEST(MakeQueryRequest, PercentEncodesAnArn) {
  const auto request = make_query_request(
      "ListTagsForResource", "2014-10-31",
      QueryParamsBuilder().add("ResourceName", "arn:aws:rds:eu-west-1:123456789012:db:orders-prod-1").params());
  EXPECT_EQ(
      request.body,
      "Action=ListTagsForResource&Version=2014-10-31&ResourceName=arn%3Aaws%3Ards%3Aeu-west-1%3A123456789012%3Adb%"
      "3Aorders-prod-1");
}

// docs/aws-wire-formats.md#getmetricdata-over-query: GetMetricData over Query, with member lists, a boolean and
// timestamps.
TEST(MakeQueryRequest, MatchesBotocoresGetMetricDataBody) {
  QueryParamsBuilder params;
  const std::string query = query_list_item("MetricDataQueries", "member", 0);
  const std::string dimension = query_list_item(query + ".MetricStat.Metric.Dimensions", "member", 0);
  params.add(query + ".Id", "cpu")
      .add(query + ".MetricStat.Metric.Namespace", "AWS/RDS")
      .add(query + ".MetricStat.Metric.MetricName", "CPUUtilization")
      .add(dimension + ".Name", "DBInstanceIdentifier")
      .add(dimension + ".Value", "mydb")
      .add_integer(query + ".MetricStat.Period", 60)
      .add(query + ".MetricStat.Stat", "Average")
      .add_bool(query + ".ReturnData", true)
      .add_timestamp("StartTime", utc(2024, 5, 1, 12, 0))
      .add_timestamp("EndTime", utc(2024, 5, 1, 12, 5))
      .add("ScanBy", "TimestampAscending")
      .add_integer("MaxDatapoints", 100800);
  EXPECT_EQ(
      make_query_request("GetMetricData", "2010-08-01", std::move(params).params()).body,
      "Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=cpu&MetricDataQueries.member.1.MetricStat."
      "Metric.Namespace=AWS%2FRDS&MetricDataQueries.member.1.MetricStat.Metric.MetricName=CPUUtilization&"
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=DBInstanceIdentifier&MetricDataQueries."
      "member.1.MetricStat.Metric.Dimensions.member.1.Value=mydb&MetricDataQueries.member.1.MetricStat.Period=60&"
      "MetricDataQueries.member.1.MetricStat.Stat=Average&MetricDataQueries.member.1.ReturnData=true&StartTime=2024-"
      "05-01T12%3A00%3A00Z&EndTime=2024-05-01T12%3A05%3A00Z&ScanBy=TimestampAscending&MaxDatapoints=100800");
}

TEST(MakeQueryRequest, PostsAFormToTheRoot) {
  const auto request = make_query_request("GetCallerIdentity", "2011-06-15", {});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_TRUE(request.query.empty());
  EXPECT_EQ(request.headers, (common::Headers{{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}));
  EXPECT_EQ(request.body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(QueryParamsBuilder, SendsAnEmptyListAsAnEmptyValue) {
  EXPECT_EQ(QueryParamsBuilder().add_list("Filters.Filter.1.Values", "Value", {}).params(),
            (common::QueryParams{{"Filters.Filter.1.Values", ""}}));
}

TEST(QueryParamsBuilder, WritesFalseAndNegativeNumbersAsBotocoreDoes) {
  EXPECT_EQ(QueryParamsBuilder().add_bool("IncludeShared", false).add_integer("Offset", -5).params(),
            (common::QueryParams{{"IncludeShared", "false"}, {"Offset", "-5"}}));
}

TEST(FormEncode, KeepsOrderAndEncodesEveryReservedByte) {
  const common::QueryParams params = {{"Marker", "a b+c/d=e&f"}, {"Key", "caf\xc3\xa9~._-"}, {"Empty", ""}};
  EXPECT_EQ(form_encode(params), "Marker=a%20b%2Bc%2Fd%3De%26f&Key=caf%C3%A9~._-&Empty=");
}

}  // namespace
}  // namespace rds_exporter::aws
