#include "seed_metric_expectations.h"

#include "sim/cloudwatch/metric_catalog.h"
#include "sim/cloudwatch/metric_values.h"
#include "sim/pi/counter_catalog.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace rds_exporter::testing {
namespace {

namespace cw = sim::cloudwatch;

constexpr unsigned kMySql = cw::engine_set(cw::EngineFamily::kMySql) | cw::engine_set(cw::EngineFamily::kMariaDb);
constexpr unsigned kPostgres = cw::engine_set(cw::EngineFamily::kPostgres);
constexpr unsigned kAuroraMySql = cw::engine_set(cw::EngineFamily::kAuroraMySql);
constexpr unsigned kAuroraPostgres = cw::engine_set(cw::EngineFamily::kAuroraPostgres);
constexpr unsigned kAurora = kAuroraMySql | kAuroraPostgres;
constexpr unsigned kOracleAndSqlServer =
    cw::engine_set(cw::EngineFamily::kOracle) | cw::engine_set(cw::EngineFamily::kSqlServer);

constexpr SeedSource kPi = SeedSource::performance_insights;
constexpr SeedSource kCloudWatch = SeedSource::cloudwatch;

// README.md's table, cell by cell.
constexpr SeedRow kRows[] = {
    {"rds_queries", kMySql, kPi, {"db.SQL.Questions"}},
    {"rds_queries", kAuroraMySql, kCloudWatch, {"Queries"}},
    {"rds_threadsrunning", kMySql | kAuroraMySql, kPi, {"db.Users.Threads_running"}},
    {"rds_innodbpoolhits", kMySql | kAuroraMySql, kPi, {"db.Cache.innoDB_buffer_pool_hits"}},
    {"rds_innodbpoolreadrequests", kMySql | kAuroraMySql, kPi, {"db.Cache.Innodb_buffer_pool_read_requests"}},
    {"rds_innodbpoolreads", kMySql | kAuroraMySql, kPi, {"db.Cache.Innodb_buffer_pool_reads"}},
    {"rds_deadlockscount", kMySql, kPi, {"db.Locks.innodb_deadlocks"}, SeedFormula::single, 60},
    {"rds_deadlockscount", kAuroraMySql, kCloudWatch, {"Deadlocks"}},
    {"rds_activetransactions", kPostgres | kAuroraPostgres, kPi, {"db.Transactions.active_transactions"}},
    {"rds_buffercachehitratio", kPostgres, kPi, {"db.Cache.blks_hit", "db.IO.blks_read"}, SeedFormula::hit_ratio},
    {"rds_buffercachehitratio", kAurora, kCloudWatch, {"BufferCacheHitRatio"}},
    {"rds_deadlocks", kPostgres, kPi, {"db.Concurrency.deadlocks"}, SeedFormula::single, 60},
    {"rds_deadlocks", kAurora, kCloudWatch, {"Deadlocks"}},
    {"rds_temporarytables", kPostgres | kAuroraPostgres, kPi, {"db.Temp.temp_files"}, SeedFormula::single, 60},
    {"rds_replicationlag",
     kMySql | kPostgres | kOracleAndSqlServer,
     kCloudWatch,
     {"ReplicaLag"},
     SeedFormula::single,
     1,
     SeedNeeds::read_replica},
    {"rds_replicationlag",
     kAurora,
     kCloudWatch,
     {"AuroraReplicaLag"},
     SeedFormula::single,
     1000,
     SeedNeeds::aurora_reader},
    {"rds_checkpointduration",
     kPostgres | kAuroraPostgres,
     kPi,
     {"db.Checkpoint.checkpoint_write_latency", "db.Checkpoint.checkpoint_sync_latency"},
     SeedFormula::sum,
     1000},
};

std::string series_name(std::string_view metric) {
  std::string name = "rds_";
  for (const char c : metric) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

bool in_column(const SeedRow& row, std::string_view engine) {
  const auto family = cw::engine_family(engine);
  return family && (row.engines & cw::engine_set(*family)) != 0;
}

bool meets_needs(const SeedRow& row, const FleetInstance& instance) {
  switch (row.needs) {
    case SeedNeeds::nothing:
      return true;
    case SeedNeeds::read_replica:
      return !instance.replica_of.empty();
    case SeedNeeds::aurora_reader:
      return is_aurora_engine(instance.engine) && !instance.cluster_writer;
  }
  return false;
}

bool has_counters(const SeedRow& row, std::string_view engine) {
  const auto family = cw::engine_family(engine);
  const auto inputs = std::span(row.inputs).first(row.input_count());
  return family && std::all_of(inputs.begin(), inputs.end(), [&](std::string_view counter) {
           return sim::pi::find_counter(counter, *family) != nullptr;
         });
}

double pi_sample(const FleetInstance& instance, std::string_view counter_name, std::int64_t start) {
  const auto family = cw::engine_family(instance.engine);
  const sim::pi::Counter* counter = family ? sim::pi::find_counter(counter_name, *family) : nullptr;
  if (counter == nullptr) {
    throw std::runtime_error("rds_sim has no Performance Insights counter " + std::string(counter_name) +
                             " for engine " + instance.engine);
  }
  return cw::SeriesShape(instance.dbi_resource_id, sim::pi::series_definition(*counter)).sample(start);
}

}  // namespace

bool SeedRow::adds_series() const { return source == kPi || series_name(inputs[0]) != series; }

std::span<const SeedRow> seed_rows() { return kRows; }

std::set<std::string> seed_series_names() {
  std::set<std::string> names;
  for (const SeedRow& row : kRows) names.emplace(row.series);
  return names;
}

const SeedRow* seed_row_for(std::string_view series, const FleetInstance& instance,
                            bool performance_insights_collected) {
  if (instance.status == "stopped") return nullptr;
  for (const SeedRow& row : kRows) {
    if (row.series != series || !in_column(row, instance.engine) || !meets_needs(row, instance)) continue;
    if (row.source == kPi &&
        !(performance_insights_collected && instance.performance_insights && has_counters(row, instance.engine))) {
      continue;
    }
    return &row;
  }
  return nullptr;
}

bool from_performance_insights(const Sample& sample) {
  const auto engine = sample.labels.find("engine");
  if (engine == sample.labels.end()) return false;
  return std::any_of(std::begin(kRows), std::end(kRows), [&](const SeedRow& row) {
    return row.source == kPi && row.series == sample.name && in_column(row, engine->second);
  });
}

double documented_seed_value(const SeedRow& row, const FleetInstance& instance, std::int64_t start_seconds) {
  std::array<double, 2> inputs{};
  for (std::size_t i = 0; i < row.input_count(); ++i) {
    inputs[i] = row.source == kPi ? pi_sample(instance, row.inputs[i], start_seconds)
                                  : documented_value(instance.id, instance.engine, row.inputs[i], false, start_seconds);
  }
  double value = inputs[0];
  if (row.formula == SeedFormula::sum) value = inputs[0] + inputs[1];
  if (row.formula == SeedFormula::hit_ratio) value = 100 * inputs[0] / (inputs[0] + inputs[1]);
  return value / row.divisor;
}

}  // namespace rds_exporter::testing
