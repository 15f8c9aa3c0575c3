#include "catalog/os_metric_catalog.h"

#include "../exposition/promtool_check.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace rds_exporter::catalog {
namespace {

constexpr EngineFamily kEveryFamily[] = {
    EngineFamily::mysql,     EngineFamily::mariadb, EngineFamily::postgres,     EngineFamily::oracle,
    EngineFamily::sqlserver, EngineFamily::db2,     EngineFamily::aurora_mysql, EngineFamily::aurora_postgres};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

TEST(OsMetricCatalog, HasOneRowPerExposedName) {
  EXPECT_EQ(os_metric_catalog().size(), 97U);
  std::set<std::string_view> names;
  for (const MetricSpec& metric : os_metric_catalog()) {
    EXPECT_TRUE(names.insert(metric.exposed_name).second) << metric.exposed_name;
    EXPECT_EQ(metric.name, metric.exposed_name);
  }
}

TEST(OsMetricCatalog, EveryRowIsAnInstanceMetricOfEveryEngineWithADescription) {
  for (const MetricSpec& metric : os_metric_catalog()) {
    EXPECT_EQ(metric.scope, MetricScope::instance) << metric.name;
    for (const EngineFamily family : kEveryFamily) {
      EXPECT_NE(metric.engines & engine_set(family), 0U) << metric.name << " " << family_name(family);
    }
    EXPECT_FALSE(metric.description.empty()) << metric.name;
    EXPECT_EQ(metric.description.find('\n'), std::string_view::npos) << metric.name;
  }
}

// The name says the unit: rds_os_, snake case, and the base unit's suffix where the unit has one.
TEST(OsMetricCatalog, NamesAreSnakeCaseUnderRdsOsAndEndInTheirUnit) {
  for (const MetricSpec& metric : os_metric_catalog()) {
    const std::string_view name = metric.exposed_name;
    EXPECT_TRUE(name.starts_with("rds_os_")) << name;
    for (const char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << name;
    const std::string_view unit = metric.unit;
    if (unit == "Bytes") {
      EXPECT_TRUE(ends_with(name, "_bytes")) << name;
    } else if (unit == "Bytes/Second") {
      EXPECT_TRUE(ends_with(name, "_bytes_per_second")) << name;
    } else if (unit == "Seconds") {
      EXPECT_TRUE(ends_with(name, "_seconds")) << name;
    } else if (unit == "Ratio") {
      EXPECT_TRUE(ends_with(name, "_ratio")) << name;
    } else if (unit == "Count/Second") {
      EXPECT_TRUE(ends_with(name, "_per_second")) << name;
    } else {
      EXPECT_TRUE(unit == "Count" || unit == "None") << name << " " << unit;
      EXPECT_FALSE(ends_with(name, "_bytes") || ends_with(name, "_seconds") || ends_with(name, "_ratio")) << name;
    }
  }
}

TEST(OsMetricCatalog, FindsARowByItsExactExposedName) {
  const MetricSpec* cpu = find_os_metric("rds_os_cpu_ratio");
  ASSERT_NE(cpu, nullptr);
  EXPECT_EQ(cpu->unit, "Ratio");
  EXPECT_EQ(find_os_metric("RDS_OS_CPU_RATIO"), nullptr);
  EXPECT_EQ(find_os_metric("CPUUtilization"), nullptr);
  EXPECT_EQ(find_os_metric(""), nullptr);
}

// Prometheus's own linter on one gauge per row, with the description as its HELP.
TEST(OsMetricCatalog, PromtoolAcceptsEveryNameAsAGauge) {
  std::string body;
  for (const MetricSpec& metric : os_metric_catalog()) {
    const std::string name(metric.exposed_name);
    body += "# HELP " + name + " " + std::string(metric.description) + "\n";
    body += "# TYPE " + name + " gauge\n";
    body += name + "{instance_id=\"db-1\"} 1\n";
  }
  const auto result = testing::promtool_check_metrics(body);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "") << "--- body ---\n" << body;
}

}  // namespace
}  // namespace rds_exporter::catalog
