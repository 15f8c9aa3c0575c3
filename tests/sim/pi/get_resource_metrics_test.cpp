#include "sim/pi/get_resource_metrics.h"

#include "pi_fixtures.h"
#include "sim/pi/counter_series.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim::pi {
namespace {

using cloudwatch::EngineFamily;
using testing::metrics_request;
using testing::test_now;
using Json = nlohmann::json;

constexpr std::string_view kGetResourceMetricsOperation = "GetResourceMetrics";

class SimPiGetResourceMetrics : public ::testing::Test {
 protected:
  Json metrics(std::string_view identifier, const std::vector<std::string>& names, std::int64_t start, std::int64_t end,
               std::int64_t period = 60) const {
    return client_.document(kGetResourceMetricsOperation, metrics_request(identifier, names, start, end, period));
  }
  ApiError refusal(const Json& body) const { return client_.error(kGetResourceMetricsOperation, body); }
  ApiError refusal(std::string_view identifier, const std::vector<std::string>& names) const {
    return refusal(metrics_request(identifier, names, hour_ago_, hour_ago_ + 300));
  }
  double documented(std::string_view instance, std::string_view counter, EngineFamily family,
                    cloudwatch::Statistic::Kind kind, std::int64_t start, std::int64_t period) const {
    const CounterSeries series(*client_.fleet().find_instance(instance), *find_counter(counter, family));
    return *series.value({kind}, start, period, now_);
  }

  testing::PiClient client_;
  std::int64_t now_ = test_now();
  std::int64_t hour_ago_ = test_now() - 3600;
};

TEST_F(SimPiGetResourceMetrics, AnswersEachQueryWithOnePointAPeriodStampedWithItsEnd) {
  const Json answer = metrics("db-SHOPMYSQL", {"db.SQL.Questions.avg", "db.Users.Threads_running.max"}, hour_ago_,
                              hour_ago_ + 1500, 300);
  EXPECT_EQ(answer["AlignedStartTime"], hour_ago_);
  EXPECT_EQ(answer["AlignedEndTime"], hour_ago_ + 1500);
  EXPECT_EQ(answer["Identifier"], "db-SHOPMYSQL");
  ASSERT_EQ(answer["MetricList"].size(), 2u);
  EXPECT_EQ(answer["MetricList"][0]["Key"], Json({{"Metric", "db.SQL.Questions.avg"}}));
  EXPECT_EQ(answer["MetricList"][1]["Key"], Json({{"Metric", "db.Users.Threads_running.max"}}));
  const Json& points = answer["MetricList"][0]["DataPoints"];
  ASSERT_EQ(points.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    const std::int64_t start = hour_ago_ + 300 * i;
    EXPECT_EQ(points[i]["Timestamp"], start + 300);
    EXPECT_DOUBLE_EQ(points[i]["Value"].get<double>(),
                     documented("shop-mysql", "db.SQL.Questions", EngineFamily::kMySql,
                                cloudwatch::Statistic::Kind::kAverage, start, 300));
  }
}

TEST_F(SimPiGetResourceMetrics, StampsPointsWithTheirStartWhenAskedAndAlignsTheWindow) {
  Json request = metrics_request("db-PAYMENTSPG", {"db.Cache.blks_hit.sum"}, hour_ago_ + 10, hour_ago_ + 130);
  request["PeriodAlignment"] = "START_TIME";
  const Json answer = client_.document(kGetResourceMetricsOperation, request);
  EXPECT_EQ(answer["AlignedStartTime"], hour_ago_);
  EXPECT_EQ(answer["AlignedEndTime"], hour_ago_ + 180);
  const Json& points = answer["MetricList"][0]["DataPoints"];
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0]["Timestamp"], hour_ago_);
  EXPECT_EQ(points[2]["Timestamp"], hour_ago_ + 120);
}

TEST_F(SimPiGetResourceMetrics, LeavesTheValueOutOfPeriodsNotYetComplete) {
  const Json answer = metrics("db-PAYMENTSPG", {"db.Transactions.active_transactions.avg"}, now_ - 300, now_);
  const Json& points = answer["MetricList"][0]["DataPoints"];
  ASSERT_EQ(points.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(points[i].contains("Value")) << i;
  EXPECT_EQ(points[4], Json({{"Timestamp", now_}})) << "the period that ended now is not published yet";
}

TEST_F(SimPiGetResourceMetrics, GivesAStoppedInstanceTimestampsWithoutValues) {
  const Json answer = metrics("db-ARCHIVEPG", {"db.Cache.blks_hit.avg"}, hour_ago_, hour_ago_ + 300);
  const Json& points = answer["MetricList"][0]["DataPoints"];
  ASSERT_EQ(points.size(), 5u);
  for (const Json& point : points) EXPECT_FALSE(point.contains("Value"));
}

TEST_F(SimPiGetResourceMetrics, PicksThePeriodWhenNoneIsGiven) {
  Json request = metrics_request("db-PAYMENTSPG", {"db.Cache.blks_hit.avg"}, now_ - 86400, now_ - 3600);
  request.erase("PeriodInSeconds");
  const Json answer = client_.document(kGetResourceMetricsOperation, request);
  EXPECT_EQ(answer["MetricList"][0]["DataPoints"].size(), 23u) << "hourly points";
}

TEST_F(SimPiGetResourceMetrics, AcceptsFifteenQueriesAndRefusesSixteen) {
  const std::vector<std::string> fifteen(15, "db.SQL.Questions.avg");
  EXPECT_EQ(metrics("db-SHOPMYSQL", fifteen, hour_ago_, hour_ago_ + 60)["MetricList"].size(), 15u);
  const ApiError sixteen = refusal("db-SHOPMYSQL", std::vector<std::string>(16, "db.SQL.Questions.avg"));
  EXPECT_EQ(sixteen.code, "ValidationException");
  EXPECT_EQ(sixteen.message,
            "1 validation error detected: Value at 'metricQueries' failed to satisfy constraint: Member must have "
            "length less than or equal to 15");
  EXPECT_EQ(refusal("db-SHOPMYSQL", {}).code, "ValidationException");
}

TEST_F(SimPiGetResourceMetrics, RefusesAnInstanceWithoutPerformanceInsightsAsAwsDoes) {
  for (const char* identifier : {"db-LEGACYMYSQL", "db-GRAPH1"}) {
    const ApiError error = refusal(identifier, {"db.load.avg"});
    EXPECT_EQ(error.http_status, 400);
    EXPECT_EQ(error.code, "NotAuthorizedException");
    EXPECT_EQ(error.message,
              "The resource " + std::string(identifier) + " for service type RDS is not authorized for this account");
  }
}

TEST_F(SimPiGetResourceMetrics, RefusesUnknownIdentifiersAndServiceTypes) {
  const ApiError unknown = refusal("db-NOSUCHINSTANCE", {"db.load.avg"});
  EXPECT_EQ(unknown.code, "InvalidArgumentException");
  EXPECT_NE(unknown.message.find("db-NOSUCHINSTANCE"), std::string::npos);
  EXPECT_EQ(refusal("shop-mysql", {"db.load.avg"}).code, "InvalidArgumentException")
      << "the instance identifier is not its resource id";

  Json docdb = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  docdb["ServiceType"] = "DOCDB";
  EXPECT_EQ(refusal(docdb).code, "InvalidArgumentException");
  docdb["ServiceType"] = "rds";
  EXPECT_EQ(refusal(docdb).message,
            "1 validation error detected: Value at 'serviceType' failed to satisfy constraint: Member must satisfy "
            "enum value set: [RDS, DOCDB]");
}

TEST_F(SimPiGetResourceMetrics, RefusesMetricsWithoutAKnownStatistic) {
  for (const char* metric : {"db.SQL.Questions", "db.SQL.Questions.average", "db.SQL.Questions.p99"}) {
    const ApiError error = refusal("db-SHOPMYSQL", {metric});
    EXPECT_EQ(error.code, "InvalidArgumentException") << metric;
    EXPECT_EQ(error.message, "The specified statistic is not a known statistic") << metric;
  }
}

TEST_F(SimPiGetResourceMetrics, RefusesCountersTheEngineDoesNotHave) {
  const ApiError error = refusal("db-SHOPMYSQL", {"db.SQL.Questions.avg", "db.Cache.blks_hit.avg"});
  EXPECT_EQ(error.code, "InvalidArgumentException");
  EXPECT_EQ(error.message, "This metric is not a known metric: db.Cache.blks_hit is not valid for current resource");
  EXPECT_EQ(refusal("db-SHOPMYSQL", {"db.SQL.Queries.avg"}).code, "InvalidArgumentException") << "Aurora MySQL only";
  EXPECT_EQ(refusal("db-ERPORACLE", {"db.SQL.Questions.avg"}).code, "InvalidArgumentException");
  EXPECT_EQ(metrics("db-ORDERSAURORA1", {"db.SQL.Queries.avg"}, hour_ago_, hour_ago_ + 60)["MetricList"].size(), 1u);
  EXPECT_EQ(
      metrics("db-ERPORACLE", {"os.cpuUtilization.total.avg", "db.load.avg"}, hour_ago_, hour_ago_ + 60)["MetricList"]
          .size(),
      2u);
}

TEST_F(SimPiGetResourceMetrics, RefusesDimensionsRatherThanIgnoringThem) {
  Json request = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  request["MetricQueries"][0]["GroupBy"] = {{"Group", "db.wait_event"}};
  const ApiError grouped = refusal(request);
  EXPECT_EQ(grouped.code, "InvalidArgumentException");
  EXPECT_NE(grouped.message.find("rds_sim"), std::string::npos);
  request["MetricQueries"][0].erase("GroupBy");
  request["MetricQueries"][0]["Filter"] = {{"db.sql_tokenized.id", "ABC"}};
  EXPECT_EQ(refusal(request).code, "InvalidArgumentException");
}

TEST_F(SimPiGetResourceMetrics, RefusesBadPeriodsAndWindows) {
  for (const std::int64_t period : {0, 5, 120, 600}) {
    const ApiError error =
        refusal(metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 3600, period));
    EXPECT_EQ(error.code, "InvalidArgumentException") << period;
  }
  EXPECT_EQ(refusal(metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_)).code,
            "InvalidArgumentException");
  EXPECT_EQ(refusal(metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ - 60)).code,
            "InvalidArgumentException");
  const ApiError too_long = refusal(metrics_request("db-SHOPMYSQL", {"db.load.avg"}, now_ - 86400 * 2, now_, 60));
  EXPECT_EQ(too_long.code, "InvalidArgumentException");
  EXPECT_NE(too_long.message.find("2880 periods"), std::string::npos) << too_long.message;
  Json alignment = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  alignment["PeriodAlignment"] = "MIDDLE";
  EXPECT_EQ(refusal(alignment).code, "ValidationException");
}

TEST_F(SimPiGetResourceMetrics, RefusesBodiesTheModelForbids) {
  EXPECT_EQ(std::get<ApiError>(client_.call(kGetResourceMetricsOperation, Json::array())).code,
            "SerializationException");
  Json request = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  request.erase("StartTime");
  EXPECT_EQ(refusal(request).message,
            "1 validation error detected: Value at 'startTime' failed to satisfy constraint: Member must not be null");
  request["StartTime"] = "yesterday";
  EXPECT_EQ(refusal(request).code, "SerializationException");
  request = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  request["MetricQueries"][0].erase("Metric");
  EXPECT_EQ(refusal(request).code, "ValidationException");
  request.erase("Identifier");
  EXPECT_EQ(refusal(request).code, "ValidationException");
}

TEST_F(SimPiGetResourceMetrics, AcceptsFractionalAndExponentTimestamps) {
  Json request = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, 0, 0);
  request["StartTime"] = static_cast<double>(hour_ago_) + 0.25;
  request["EndTime"] = static_cast<double>(hour_ago_ + 120);
  const Json answer = client_.document(kGetResourceMetricsOperation, request);
  EXPECT_EQ(answer["AlignedStartTime"], hour_ago_);
  EXPECT_EQ(answer["MetricList"][0]["DataPoints"].size(), 2u);
}

TEST_F(SimPiGetResourceMetrics, NeedsItsOwnIamAction) {
  const Json request = metrics_request("db-SHOPMYSQL", {"db.load.avg"}, hour_ago_, hour_ago_ + 60);
  const ApiError denied = client_.error(kGetResourceMetricsOperation, request, "rds-only");
  EXPECT_EQ(denied.http_status, 400);
  EXPECT_EQ(denied.code, "NotAuthorizedException");
  EXPECT_EQ(denied.message,
            "User: arn:aws:iam::123456789012:user/rds-only is not authorized to perform: pi:GetResourceMetrics on "
            "resource: arn:aws:pi:ap-northeast-2:123456789012:metrics/rds/db-SHOPMYSQL because no identity-based "
            "policy allows the pi:GetResourceMetrics action");
  EXPECT_TRUE(std::holds_alternative<std::string>(client_.call(kGetResourceMetricsOperation, request, "metrics-only")));
}

}  // namespace
}  // namespace rds_exporter::sim::pi
