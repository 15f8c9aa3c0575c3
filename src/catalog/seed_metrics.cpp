#include "catalog/seed_metrics.h"

#include "catalog/table_constants.h"

namespace rds_exporter::catalog {
namespace {

// MySQL's seed recipes hold for MariaDB too.
constexpr EngineSet kMySqlOrMariaDb = kMySql | kMariaDb;
constexpr EngineSet kRdsReplicaEngines = kMySqlOrMariaDb | kPostgres | kOracle | kSqlServer;

constexpr double kPerMinuteToPerSecond = 1.0 / 60;
constexpr double kMillisecondsToSeconds = 0.001;

constexpr SeedRecipe kQueries[] = {
    {kMySqlOrMariaDb, {"db.SQL.Questions"}},
};
constexpr SeedRecipe kThreadsRunning[] = {
    {kMySqlOrMariaDb | kAuroraMySql, {"db.Users.Threads_running"}},
};
constexpr SeedRecipe kPoolHits[] = {
    {kMySqlOrMariaDb | kAuroraMySql, {"db.Cache.innoDB_buffer_pool_hits"}},
};
constexpr SeedRecipe kPoolReadRequests[] = {
    {kMySqlOrMariaDb | kAuroraMySql, {"db.Cache.Innodb_buffer_pool_read_requests"}},
};
constexpr SeedRecipe kPoolReads[] = {
    {kMySqlOrMariaDb | kAuroraMySql, {"db.Cache.Innodb_buffer_pool_reads"}},
};
constexpr SeedRecipe kDeadlocksCount[] = {
    {kMySqlOrMariaDb, {"db.Locks.innodb_deadlocks"}, false, Formula::value, kPerMinuteToPerSecond},
    {kAuroraMySql, {"Deadlocks"}, true},
};
constexpr SeedRecipe kActiveTransactions[] = {
    {kPostgres | kAuroraPostgres, {"db.Transactions.active_transactions"}},
};
constexpr SeedRecipe kBufferCacheHitRatio[] = {
    {kPostgres, {"db.Cache.blks_hit", "db.IO.blks_read"}, false, Formula::hit_ratio},
};
constexpr SeedRecipe kDeadlocks[] = {
    {kPostgres, {"db.Concurrency.deadlocks"}, false, Formula::value, kPerMinuteToPerSecond},
};
constexpr SeedRecipe kTemporaryTables[] = {
    {kPostgres | kAuroraPostgres, {"db.Temp.temp_files"}, false, Formula::value, kPerMinuteToPerSecond},
};
constexpr SeedRecipe kReplicationLag[] = {
    {kRdsReplicaEngines, {"ReplicaLag"}, true, Formula::value, 1, kReadReplica},
    {kAurora, {"AuroraReplicaLag"}, true, Formula::value, kMillisecondsToSeconds, kAuroraReader},
};
constexpr SeedRecipe kCheckpointDuration[] = {
    {kPostgres | kAuroraPostgres,
     {"db.Checkpoint.checkpoint_write_latency", "db.Checkpoint.checkpoint_sync_latency"},
     false,
     Formula::sum,
     kMillisecondsToSeconds},
};

constexpr MetricSpec seed(std::string_view name, std::string_view unit, std::string_view description,
                          std::string_view origin) {
  MetricSpec spec;
  spec.name = name;
  spec.unit = unit;
  spec.resolution_seconds = 60;
  spec.description = description;
  spec.origin = origin;
  return spec;
}

// Where CloudWatch has the metric under the seed's own name for some engines (Queries, Deadlocks and
// BufferCacheHitRatio on Aurora), those engines get it from the CloudWatch catalog, not from here: the names
// meet in one Prometheus family.
const SeedMetric kSeedMetrics[] = {
    {seed("Queries", "Count/Second", "Queries per second",
          "MySQL and MariaDB: Performance Insights db.SQL.Questions.avg; Aurora MySQL: CloudWatch AWS/RDS Queries"),
     kQueries},
    {seed("ThreadsRunning", "Count", "Threads running", "Performance Insights db.Users.Threads_running.avg"),
     kThreadsRunning},
    {seed("InnoDBPoolHits", "Count/Second", "InnoDB buffer pool reads served from memory per second",
          "Performance Insights db.Cache.innoDB_buffer_pool_hits.avg (read requests minus disk reads)"),
     kPoolHits},
    {seed("InnoDBPoolReadRequests", "Count/Second", "InnoDB buffer pool page read requests per second",
          "Performance Insights db.Cache.Innodb_buffer_pool_read_requests.avg"),
     kPoolReadRequests},
    {seed("InnoDBPoolReads", "Count/Second", "InnoDB buffer pool pages read from disk per second",
          "Performance Insights db.Cache.Innodb_buffer_pool_reads.avg"),
     kPoolReads},
    {seed("DeadlocksCount", "Count/Second", "Deadlocks per second",
          "MySQL and MariaDB: Performance Insights db.Locks.innodb_deadlocks.avg per minute, divided by 60; "
          "Aurora MySQL: CloudWatch AWS/RDS Deadlocks"),
     kDeadlocksCount},
    {seed("ActiveTransactions", "Count", "Active transactions",
          "Performance Insights db.Transactions.active_transactions.avg"),
     kActiveTransactions},
    {seed("BufferCacheHitRatio", "Percent", "Share of block reads served from the buffer cache",
          "PostgreSQL: 100 × blks_hit / (blks_hit + blks_read) from Performance Insights db.Cache.blks_hit.avg "
          "and db.IO.blks_read.avg; Aurora: CloudWatch AWS/RDS BufferCacheHitRatio"),
     kBufferCacheHitRatio},
    {seed("Deadlocks", "Count/Second", "Deadlocks per second",
          "PostgreSQL: Performance Insights db.Concurrency.deadlocks.avg per minute, divided by 60; Aurora: "
          "CloudWatch AWS/RDS Deadlocks"),
     kDeadlocks},
    {seed("TemporaryTables", "Count/Second",
          "Temporary files created per second (PostgreSQL has no temp table "
          "counter)",
          "Performance Insights db.Temp.temp_files.avg per minute, divided by 60"),
     kTemporaryTables},
    {seed("ReplicationLag", "Seconds", "Replication lag of a read replica or Aurora reader",
          "CloudWatch AWS/RDS ReplicaLag; Aurora readers: AuroraReplicaLag in milliseconds, divided by 1000"),
     kReplicationLag},
    {seed("CheckpointDuration", "Seconds", "Write and sync time of a checkpoint",
          "Performance Insights db.Checkpoint.checkpoint_write_latency.avg + checkpoint_sync_latency.avg, "
          "milliseconds divided by 1000"),
     kCheckpointDuration},
};

}  // namespace

std::span<const SeedMetric> seed_metrics() { return kSeedMetrics; }

const SeedRecipe* recipe_for(const SeedMetric& metric, EngineFamily family) {
  for (const SeedRecipe& recipe : metric.recipes) {
    if (recipe.engines & engine_set(family)) return &recipe;
  }
  return nullptr;
}

}  // namespace rds_exporter::catalog
