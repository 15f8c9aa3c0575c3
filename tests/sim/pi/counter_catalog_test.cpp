#include "sim/pi/counter_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rds_exporter::sim::pi {
namespace {

using cloudwatch::EngineFamily;

constexpr EngineFamily kEveryFamily[] = {
    EngineFamily::kMySql,          EngineFamily::kMariaDb, EngineFamily::kAuroraMySql, EngineFamily::kPostgres,
    EngineFamily::kAuroraPostgres, EngineFamily::kOracle,  EngineFamily::kSqlServer,   EngineFamily::kDb2};

// The counters the exporter's README metrics need (docs/performance-insights.md#what-the-seed-metrics-need).
constexpr const char* kMySqlNeeds[] = {"db.SQL.Questions",
                                       "db.Users.Threads_running",
                                       "db.Cache.innoDB_buffer_pool_hits",
                                       "db.Cache.Innodb_buffer_pool_read_requests",
                                       "db.Cache.Innodb_buffer_pool_reads",
                                       "db.Cache.innoDB_buffer_pool_hit_rate",
                                       "db.Locks.innodb_deadlocks",
                                       "db.Transactions.active_transactions"};
constexpr const char* kPostgresNeeds[] = {"db.Transactions.active_transactions",
                                          "db.Cache.blks_hit",
                                          "db.IO.blks_read",
                                          "db.Concurrency.deadlocks",
                                          "db.Temp.temp_files",
                                          "db.Temp.temp_bytes",
                                          "db.Checkpoint.checkpoint_write_latency",
                                          "db.Checkpoint.checkpoint_sync_latency",
                                          "db.Checkpoint.checkpoint_write_time",
                                          "db.Checkpoint.checkpoint_sync_time"};

TEST(SimPiCounterCatalog, HasEveryCounterTheExporterNeedsForItsEngine) {
  for (const EngineFamily family : {EngineFamily::kMySql, EngineFamily::kMariaDb, EngineFamily::kAuroraMySql}) {
    for (const char* name : kMySqlNeeds) EXPECT_NE(find_counter(name, family), nullptr) << name;
  }
  EXPECT_NE(find_counter("db.SQL.Queries", EngineFamily::kAuroraMySql), nullptr);
  for (const EngineFamily family : {EngineFamily::kPostgres, EngineFamily::kAuroraPostgres}) {
    for (const char* name : kPostgresNeeds) EXPECT_NE(find_counter(name, family), nullptr) << name;
  }
}

TEST(SimPiCounterCatalog, KeepsEachEnginesCountersToItself) {
  EXPECT_EQ(find_counter("db.SQL.Queries", EngineFamily::kMySql), nullptr) << "Aurora MySQL only";
  EXPECT_EQ(find_counter("db.Cache.blks_hit", EngineFamily::kMySql), nullptr);
  EXPECT_EQ(find_counter("db.SQL.Questions", EngineFamily::kPostgres), nullptr);
  EXPECT_EQ(find_counter("db.WAL.archived_count", EngineFamily::kAuroraPostgres), nullptr);
  for (const EngineFamily family : {EngineFamily::kOracle, EngineFamily::kSqlServer, EngineFamily::kDb2}) {
    for (const Counter* counter : counters_of(family)) {
      EXPECT_TRUE(counter->name == "db.load" || counter->type() == MetricType::kOs) << counter->name;
    }
  }
}

TEST(SimPiCounterCatalog, UsesTheUnitsAwsDocuments) {
  const std::pair<const char*, const char*> units[] = {
      {"db.SQL.Questions", "Queries per second"},
      {"db.Cache.Innodb_buffer_pool_reads", "Pages per second"},
      {"db.Cache.innoDB_buffer_pool_hit_rate", "Percentage"},
      {"db.Users.Threads_running", "Connections"},
  };
  for (const auto& [name, unit] : units) EXPECT_EQ(find_counter(name, EngineFamily::kMySql)->unit, unit) << name;
  EXPECT_EQ(find_counter("db.Cache.innoDB_buffer_pool_hits", EngineFamily::kMySql)->unit, "Reads");
  EXPECT_EQ(find_counter("db.Cache.innoDB_buffer_pool_hits", EngineFamily::kAuroraMySql)->unit, "Pages per second");
  const std::pair<const char*, const char*> postgres_units[] = {
      {"db.Cache.blks_hit", "Blocks per second"},
      {"db.Concurrency.deadlocks", "Deadlocks per minute"},
      {"db.Temp.temp_files", "Files per minute"},
      {"db.Temp.temp_bytes", "Bytes per second"},
      {"db.Checkpoint.checkpoint_write_time", "Milliseconds per checkpoint"},
      {"db.Checkpoint.checkpoint_sync_latency", "Milliseconds"},
  };
  for (const auto& [name, unit] : postgres_units) {
    EXPECT_EQ(find_counter(name, EngineFamily::kPostgres)->unit, unit) << name;
  }
}

TEST(SimPiCounterCatalog, GivesEveryEngineTheOperatingSystemCountersAndDbLoad) {
  for (const EngineFamily family : kEveryFamily) {
    EXPECT_NE(find_counter("db.load", family), nullptr);
    EXPECT_NE(find_counter("os.cpuUtilization.total", family), nullptr);
    EXPECT_NE(find_counter("os.memory.free", family), nullptr);
  }
}

TEST(SimPiCounterCatalog, ListsEachNameOnceAnEngineWithSensibleRanges) {
  for (const EngineFamily family : kEveryFamily) {
    std::set<std::string_view> names;
    for (const Counter* counter : counters_of(family)) {
      EXPECT_TRUE(names.insert(counter->name).second) << counter->name << " twice";
    }
  }
  for (const Counter& counter : counters()) {
    EXPECT_FALSE(counter.unit.empty()) << counter.name;
    EXPECT_FALSE(counter.description.empty()) << counter.name;
    EXPECT_LE(counter.range.low, counter.range.high) << counter.name;
    EXPECT_GE(counter.range.low, 0) << counter.name;
    if (counter.unit == "Percentage" || counter.unit == "Percent") {
      EXPECT_LE(counter.range.high, 100) << counter.name;
    }
    EXPECT_TRUE(counter.name.starts_with("db.") || counter.name.starts_with("os.")) << counter.name;
  }
  EXPECT_LE(find_counter("db.Users.Threads_running", EngineFamily::kMySql)->range.high, 50);
}

TEST(SimPiCounterCatalog, ReadsMetricTypes) {
  EXPECT_EQ(parse_metric_type("db"), MetricType::kDb);
  EXPECT_EQ(parse_metric_type("os"), MetricType::kOs);
  EXPECT_EQ(parse_metric_type("db.sql.stats"), std::nullopt);
  EXPECT_EQ(parse_metric_type("DB"), std::nullopt);
}

}  // namespace
}  // namespace rds_exporter::sim::pi
