#pragma once

#include "sim/cloudwatch/metric_catalog.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::pi {

// The kinds of counter ListAvailableResourceMetrics' MetricTypes selects: "db" (database load and the engine's
// counters) and "os" (the operating system's, as Enhanced Monitoring reports them).
enum class MetricType { kDb, kOs };

// "db" or "os"; nullopt for anything else, the per-SQL "db.sql.stats" and "db.sql_tokenized.stats" included.
std::optional<MetricType> parse_metric_type(std::string_view text);

// One Performance Insights counter metric as an engine family publishes it (docs/performance-insights.md#counters): its
// name without statistic suffix, the Unit and Description ListAvailableResourceMetrics answers, and the range its
// simulated samples lie in.
struct Counter {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  cloudwatch::EngineSet engines;
  cloudwatch::ValueRange range;

  MetricType type() const { return name.starts_with("os.") ? MetricType::kOs : MetricType::kDb; }
};

// Counters are sampled once a minute.
inline constexpr int kSampleSeconds = 60;

// Every simulated counter: db.load and the os.* counters for every engine family, the engine counters of RDS for
// MySQL and MariaDB, Aurora MySQL, RDS for PostgreSQL and Aurora PostgreSQL. Oracle, SQL Server and Db2 have only
// db.load and the os.* counters. A name published with different units by RDS and Aurora has a row for each.
std::span<const Counter> counters();

// The counter `name` as `family` publishes it, or nullptr when the family has no such counter.
const Counter* find_counter(std::string_view name, cloudwatch::EngineFamily family);

// The counters `family` publishes, in catalog order.
std::vector<const Counter*> counters_of(cloudwatch::EngineFamily family);

// The definition under which CloudWatch's value machinery (sim/cloudwatch/metric_values.h) draws the counter's
// samples: its name, range and one-minute resolution.
cloudwatch::MetricDefinition series_definition(const Counter& counter);

}  // namespace rds_exporter::sim::pi
