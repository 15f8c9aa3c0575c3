// The whole exposition as Prometheus's own linter sees it.
#include "exposition/build_info.h"
#include "exposition/process_metrics.h"
#include "exposition/text_format.h"
#include "promtool_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rds_exporter::exposition {
namespace {

using rds_exporter::testing::promtool_check_metrics;

std::vector<MetricFamily> sample_set() {
  auto families = process_metrics();
  families.push_back(build_info_family("0.1.0", "0123abcd"));
  families.push_back({"rds_cpu_utilization_ratio",
                      "CPU utilization of the instance (0-1).\nFrom CloudWatch \\ AWS/RDS.",
                      MetricType::gauge,
                      {{{{"instance", "db-1"}, {"engine", "postgres"}, {"note", "say \"hi\"\nC:\\path"}}, 0.25, std::nullopt},
                       {{{"instance", "db-2"}, {"engine", "mysql"}, {"note", ""}}, std::nan(""), 1700000000000},
                       {{{"instance", "db-3"}, {"engine", "mysql"}, {"note", "x"}}, 1e-9, std::nullopt}}});
  families.push_back({"rds_free_storage_bytes",
                      "Free storage space.",
                      MetricType::gauge,
                      {{{{"instance", "db-1"}}, std::numeric_limits<double>::infinity(), std::nullopt},
                       {{{"instance", "db-2"}}, -std::numeric_limits<double>::infinity(), std::nullopt},
                       {{{"instance", "db-3"}}, 1.8446744073709552e19, std::nullopt}}});
  families.push_back({"rds_exporter_scrape_errors_total", "Failed collections.", MetricType::counter,
                      {{{}, 3, std::nullopt}}});
  families.push_back({"rds_exporter_pending_instances", "Instances with no data yet.", MetricType::gauge, {}});
  return families;
}

TEST(Promtool, AcceptsTheFullExpositionWithoutLintFindings) {
  const std::string body = to_text(sample_set());
  ASSERT_FALSE(body.empty());
  const auto result = promtool_check_metrics(body);
  EXPECT_EQ(result.exit_code, 0) << result.output << "\n--- body ---\n" << body;
  EXPECT_EQ(result.output, "") << "--- body ---\n" << body;
}

TEST(Promtool, ReportsAMalformedBodySoTheCheckAboveIsMeaningful) {
  const auto result = promtool_check_metrics("# TYPE x gauge\nx{a=\"b} 1\n");
  EXPECT_NE(result.exit_code, 0);
}

}  // namespace
}  // namespace rds_exporter::exposition
