#include "sim/pi/list_available_resource_metrics.h"

#include "pi_fixtures.h"
#include "sim/pi/counter_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rds_exporter::sim::pi {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kListMetricsOperation = "ListAvailableResourceMetrics";

Json list_request(std::string_view identifier, const std::vector<std::string>& types) {
  return {{"ServiceType", "RDS"}, {"Identifier", identifier}, {"MetricTypes", types}};
}

class SimPiListAvailableResourceMetrics : public ::testing::Test {
 protected:
  // Every metric listed, following NextToken page by page; `pages` counts the calls.
  std::vector<Json> list_all(Json request, int& pages) const {
    std::vector<Json> metrics;
    pages = 0;
    while (true) {
      const Json answer = client_.document(kListMetricsOperation, request);
      ++pages;
      for (const Json& metric : answer["Metrics"]) metrics.push_back(metric);
      if (!answer.contains("NextToken") || pages > 10) return metrics;
      request["NextToken"] = answer["NextToken"];
    }
  }
  std::vector<std::string> names(const std::vector<Json>& metrics) const {
    std::vector<std::string> listed;
    for (const Json& metric : metrics) listed.push_back(metric["Metric"]);
    return listed;
  }

  testing::PiClient client_;
};

TEST_F(SimPiListAvailableResourceMetrics, ListsTheEnginesCountersWithoutStatisticSuffixPageByPage) {
  int pages = 0;
  const std::vector<Json> metrics = list_all(list_request("db-SHOPMYSQL", {"db", "os"}), pages);
  std::vector<std::string> expected;
  for (const Counter* counter : counters_of(cloudwatch::EngineFamily::kMySql)) expected.emplace_back(counter->name);
  ASSERT_GT(expected.size(), 25u) << "enough counters to need a second page";
  EXPECT_EQ(names(metrics), expected);
  EXPECT_EQ(pages, 2);
  const Json& questions = *std::find_if(metrics.begin(), metrics.end(),
                                        [](const Json& metric) { return metric["Metric"] == "db.SQL.Questions"; });
  EXPECT_EQ(questions["Unit"], "Queries per second");
  EXPECT_FALSE(questions["Description"].get<std::string>().empty());
}

TEST_F(SimPiListAvailableResourceMetrics, FiltersByMetricType) {
  int pages = 0;
  for (const std::string& name : names(list_all(list_request("db-PAYMENTSPG", {"os"}), pages))) {
    EXPECT_TRUE(name.starts_with("os.")) << name;
  }
  const std::vector<std::string> db = names(list_all(list_request("db-PAYMENTSPG", {"db"}), pages));
  EXPECT_NE(std::find(db.begin(), db.end(), "db.Cache.blks_hit"), db.end());
  for (const std::string& name : db) EXPECT_TRUE(name.starts_with("db.")) << name;
  EXPECT_EQ(client_.document(kListMetricsOperation, list_request("db-PAYMENTSPG", {"db.sql.stats"}))["Metrics"],
            Json::array());
  EXPECT_EQ(names(list_all(list_request("db-ERPORACLE", {"db"}), pages)), std::vector<std::string>{"db.load"});
}

TEST_F(SimPiListAvailableResourceMetrics, HonoursMaxResults) {
  Json request = list_request("db-ORDERSAURORA1", {"db", "os"});
  request["MaxResults"] = 7;
  int pages = 0;
  const std::vector<Json> paged = list_all(request, pages);
  EXPECT_EQ(paged.size(), counters_of(cloudwatch::EngineFamily::kAuroraMySql).size());
  EXPECT_EQ(pages, static_cast<int>((paged.size() + 6) / 7));
  request["MaxResults"] = 26;
  EXPECT_EQ(client_.error(kListMetricsOperation, request).message,
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value "
            "less than or equal to 25");
}

TEST_F(SimPiListAvailableResourceMetrics, RefusesTokensOfAnotherListing) {
  Json request = list_request("db-SHOPMYSQL", {"db", "os"});
  const Json first = client_.document(kListMetricsOperation, request);
  ASSERT_TRUE(first.contains("NextToken"));
  Json other = list_request("db-SHOPMARIADB", {"db", "os"});
  other["NextToken"] = first["NextToken"];
  EXPECT_EQ(client_.error(kListMetricsOperation, other).code, "InvalidArgumentException");
  request["NextToken"] = "garbage";
  EXPECT_EQ(client_.error(kListMetricsOperation, request).code, "InvalidArgumentException");
}

TEST_F(SimPiListAvailableResourceMetrics, RefusesWhatGetResourceMetricsRefuses) {
  EXPECT_EQ(client_.error(kListMetricsOperation, list_request("db-LEGACYMYSQL", {"db"})).code,
            "NotAuthorizedException");
  EXPECT_EQ(client_.error(kListMetricsOperation, list_request("db-NOSUCH", {"db"})).code, "InvalidArgumentException");
  EXPECT_EQ(client_.error(kListMetricsOperation, list_request("db-SHOPMYSQL", {"disk"})).code,
            "InvalidArgumentException");
  Json untyped = list_request("db-SHOPMYSQL", {});
  untyped.erase("MetricTypes");
  EXPECT_EQ(client_.error(kListMetricsOperation, untyped).code, "ValidationException");
  EXPECT_EQ(client_.error(kListMetricsOperation, list_request("db-SHOPMYSQL", {"db"}), "metrics-only").code,
            "NotAuthorizedException");
}

}  // namespace
}  // namespace rds_exporter::sim::pi
