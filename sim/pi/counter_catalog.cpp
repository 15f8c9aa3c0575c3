#include "sim/pi/counter_catalog.h"

namespace rds_exporter::sim::pi {
namespace {

using cloudwatch::engine_set;
using cloudwatch::EngineFamily;
using cloudwatch::EngineSet;
using cloudwatch::ValueRange;

constexpr EngineSet kRdsMySql = engine_set(EngineFamily::kMySql) | engine_set(EngineFamily::kMariaDb);
constexpr EngineSet kAuroraMySql = engine_set(EngineFamily::kAuroraMySql);
constexpr EngineSet kMySqls = kRdsMySql | kAuroraMySql;
constexpr EngineSet kRdsPostgres = engine_set(EngineFamily::kPostgres);
constexpr EngineSet kAuroraPostgres = engine_set(EngineFamily::kAuroraPostgres);
constexpr EngineSet kPostgreses = kRdsPostgres | kAuroraPostgres;
constexpr EngineSet kEvery = kMySqls | kPostgreses | engine_set(EngineFamily::kOracle) |
                             engine_set(EngineFamily::kSqlServer) | engine_set(EngineFamily::kDb2);

// Where a busy but healthy database's counters sit. Percentages stay within 0-100, counts are whole numbers.
constexpr ValueRange kSessions{0, 8, false};
constexpr ValueRange kQueryRate{0, 5000, false};
constexpr ValueRange kSelectRate{0, 3000, false};
constexpr ValueRange kSlowQueryRate{0, 2, false};
constexpr ValueRange kRowRate{0, 200000, false};
constexpr ValueRange kQueryTime{0, 60000, false};
constexpr ValueRange kRunningThreads{0, 50, true};
constexpr ValueRange kConnections{0, 300, true};
constexpr ValueRange kConnectionAttempts{0, 120, false};
constexpr ValueRange kAbortedClients{0, 3, false};
constexpr ValueRange kPageRequests{1000, 200000, false};
constexpr ValueRange kDiskPageReads{0, 500, false};
constexpr ValueRange kHitRate{90, 100, false};
constexpr ValueRange kPoolUsage{50, 100, false};
constexpr ValueRange kDeadlocks{0, 2, false};
constexpr ValueRange kLockWaits{0, 10, false};
constexpr ValueRange kLockTime{0, 50, false};
constexpr ValueRange kActiveTransactions{0, 20, true};
constexpr ValueRange kBlockedTransactions{0, 5, true};
constexpr ValueRange kHistoryLength{0, 5000, true};
constexpr ValueRange kTempTables{0, 50, false};
constexpr ValueRange kTempDiskTables{0, 5, false};
constexpr ValueRange kIoOperations{0, 2000, false};
constexpr ValueRange kBlockHits{1000, 500000, false};
constexpr ValueRange kBlockReads{0, 5000, false};
constexpr ValueRange kCheckpointBlocks{0, 1000, false};
constexpr ValueRange kCheckpointSyncTime{0, 500, false};
constexpr ValueRange kCheckpointWriteTime{500, 30000, false};
constexpr ValueRange kCheckpointSyncLatency{0, 200, false};
constexpr ValueRange kCheckpoints{0, 0.5, false};
constexpr ValueRange kReadTime{0, 1000, false};
constexpr ValueRange kReadLatency{0.1, 10, false};
constexpr ValueRange kTuplesFetched{0, 100000, false};
constexpr ValueRange kTuplesReturned{0, 500000, false};
constexpr ValueRange kTuplesWritten{0, 5000, false};
constexpr ValueRange kTuplesDeleted{0, 1000, false};
constexpr ValueRange kTempBytes{0, 5.0e7, false};
constexpr ValueRange kTempFiles{0, 20, false};
constexpr ValueRange kCommits{0, 3000, false};
constexpr ValueRange kRollbacks{0, 20, false};
constexpr ValueRange kTransactionIds{1.0e6, 2.0e8, true};
constexpr ValueRange kArchivedFiles{0, 10, false};
constexpr ValueRange kCommitLatency{100, 5000, false};
constexpr ValueRange kCpuPercent{0, 100, false};
constexpr ValueRange kWaitPercent{0, 10, false};
constexpr ValueRange kLoadAverage{0, 8, false};
constexpr ValueRange kFreeMemory{1.0e6, 1.6e7, false};
constexpr ValueRange kNetworkBytes{1.0e4, 1.0e8, false};
constexpr ValueRange kRunningTasks{0, 10, true};

constexpr Counter kCounters[] = {
    {"db.load", "Average active sessions", "The average number of sessions active in the database engine", kEvery,
     kSessions},

    // RDS for MySQL and MariaDB, Aurora MySQL (docs/performance-insights.md#mysql-counters).
    {"db.SQL.Com_select", "Queries per second", "The number of SELECT statements executed", kMySqls, kSelectRate},
    {"db.SQL.Questions", "Queries per second",
     "The number of statements executed by the server, counting only those sent by clients", kMySqls, kQueryRate},
    {"db.SQL.Queries", "Queries per second",
     "The number of statements executed by the server, including those executed within stored programs", kAuroraMySql,
     kQueryRate},
    {"db.SQL.Slow_queries", "Queries per second", "The number of queries that took longer than long_query_time",
     kMySqls, kSlowQueryRate},
    {"db.SQL.Innodb_rows_read", "Rows per second", "The number of rows read from InnoDB tables", kMySqls, kRowRate},
    {"db.SQL.Total_query_time", "Milliseconds", "The total time spent executing statements", kAuroraMySql, kQueryTime},
    {"db.Users.Threads_running", "Connections", "The number of threads that are not sleeping", kMySqls,
     kRunningThreads},
    {"db.Users.Threads_connected", "Connections", "The number of currently open connections", kAuroraMySql,
     kConnections},
    {"db.Users.Connections", "Connection attempts per minute",
     "The number of connection attempts, successful or not, to the MySQL server", kRdsMySql, kConnectionAttempts},
    {"db.Users.Connections", "Connections", "The number of connection attempts, successful or not, to the MySQL server",
     kAuroraMySql, kConnectionAttempts},
    {"db.Users.Aborted_clients", "Connections",
     "The number of connections aborted because the client died without closing the connection properly", kMySqls,
     kAbortedClients},
    {"db.Cache.Innodb_buffer_pool_read_requests", "Pages per second", "The number of logical read requests", kMySqls,
     kPageRequests},
    {"db.Cache.Innodb_buffer_pool_reads", "Pages per second",
     "The number of logical reads InnoDB could not satisfy from the buffer pool and read directly from disk", kMySqls,
     kDiskPageReads},
    {"db.Cache.innoDB_buffer_pool_hits", "Reads",
     "The number of reads InnoDB could satisfy from the buffer pool (read requests minus disk reads)", kRdsMySql,
     kPageRequests},
    {"db.Cache.innoDB_buffer_pool_hits", "Pages per second",
     "The number of reads InnoDB could satisfy from the buffer pool (read requests minus disk reads)", kAuroraMySql,
     kPageRequests},
    {"db.Cache.innoDB_buffer_pool_hit_rate", "Percentage",
     "The percentage of reads InnoDB could satisfy from the buffer pool", kMySqls, kHitRate},
    {"db.Cache.innoDB_buffer_pool_usage", "Percentage", "The percentage of the buffer pool that holds data", kMySqls,
     kPoolUsage},
    {"db.Locks.innodb_deadlocks", "Locks", "The number of deadlocks", kMySqls, kDeadlocks},
    {"db.Locks.innodb_row_lock_waits", "Locks", "The number of times operations on InnoDB tables waited for a row lock",
     kMySqls, kLockWaits},
    {"db.Locks.Innodb_row_lock_time", "Milliseconds (average)", "The time spent acquiring row locks for InnoDB tables",
     kMySqls, kLockTime},
    {"db.Transactions.active_transactions", "Transactions", "The number of active transactions", kMySqls,
     kActiveTransactions},
    {"db.Transactions.trx_rseg_history_len", "None",
     "The number of undo log pages in the history list, waiting for purge", kMySqls, kHistoryLength},
    {"db.Temp.Created_tmp_tables", "Tables per second", "The number of internal temporary tables created", kMySqls,
     kTempTables},
    {"db.Temp.Created_tmp_disk_tables", "Tables per second", "The number of internal temporary tables created on disk",
     kMySqls, kTempDiskTables},
    {"db.IO.Innodb_data_writes", "Operations per second", "The number of data writes", kRdsMySql, kIoOperations},

    // RDS for PostgreSQL and Aurora PostgreSQL (docs/performance-insights.md#postgresql-counters).
    {"db.Cache.blks_hit", "Blocks per second", "The number of times disk blocks were found in the buffer cache",
     kPostgreses, kBlockHits},
    {"db.Cache.buffers_alloc", "Blocks per second", "The number of buffers allocated", kPostgreses, kBlockReads},
    {"db.Checkpoint.buffers_checkpoint", "Blocks per second", "The number of buffers written during checkpoints",
     kPostgreses, kCheckpointBlocks},
    {"db.Checkpoint.checkpoint_sync_time", "Milliseconds per checkpoint",
     "The time spent in the part of checkpoint processing where files are synchronized to disk", kPostgreses,
     kCheckpointSyncTime},
    {"db.Checkpoint.checkpoint_write_time", "Milliseconds per checkpoint",
     "The time spent in the part of checkpoint processing where files are written to disk", kPostgreses,
     kCheckpointWriteTime},
    {"db.Checkpoint.checkpoints_req", "Checkpoints per minute", "The number of requested checkpoints performed",
     kPostgreses, kCheckpoints},
    {"db.Checkpoint.checkpoints_timed", "Checkpoints per minute", "The number of scheduled checkpoints performed",
     kPostgreses, kCheckpoints},
    {"db.Checkpoint.checkpoint_sync_latency", "Milliseconds",
     "The time spent synchronizing files to disk, per checkpoint", kPostgreses, kCheckpointSyncLatency},
    {"db.Checkpoint.checkpoint_write_latency", "Milliseconds", "The time spent writing files to disk, per checkpoint",
     kPostgreses, kCheckpointWriteTime},
    {"db.Concurrency.deadlocks", "Deadlocks per minute", "The number of deadlocks detected", kPostgreses, kDeadlocks},
    {"db.IO.blk_read_time", "Milliseconds", "The time backends spent reading data file blocks", kPostgreses, kReadTime},
    {"db.IO.blks_read", "Blocks per second", "The number of disk blocks read", kPostgreses, kBlockReads},
    {"db.IO.read_latency", "Milliseconds per block", "The time spent reading data file blocks by backends", kPostgreses,
     kReadLatency},
    {"db.SQL.tup_fetched", "Tuples per second", "The number of rows fetched by queries", kPostgreses, kTuplesFetched},
    {"db.SQL.tup_returned", "Tuples per second", "The number of rows returned by queries", kPostgreses,
     kTuplesReturned},
    {"db.SQL.tup_inserted", "Tuples per second", "The number of rows inserted by queries", kPostgreses, kTuplesWritten},
    {"db.SQL.tup_updated", "Tuples per second", "The number of rows updated by queries", kPostgreses, kTuplesWritten},
    {"db.SQL.tup_deleted", "Tuples per second", "The number of rows deleted by queries", kPostgreses, kTuplesDeleted},
    {"db.Temp.temp_bytes", "Bytes per second", "The number of bytes written to temporary files", kPostgreses,
     kTempBytes},
    {"db.Temp.temp_files", "Files per minute", "The number of temporary files created", kPostgreses, kTempFiles},
    {"db.Transactions.xact_commit", "Commits per second", "The number of transactions committed", kPostgreses,
     kCommits},
    {"db.Transactions.xact_rollback", "Rollbacks per second", "The number of transactions rolled back", kPostgreses,
     kRollbacks},
    {"db.Transactions.active_transactions", "Transactions", "The number of active transactions", kPostgreses,
     kActiveTransactions},
    {"db.Transactions.blocked_transactions", "Transactions", "The number of transactions that are blocked", kPostgreses,
     kBlockedTransactions},
    {"db.Transactions.max_used_xact_ids", "Transactions", "The number of transactions that have not been vacuumed",
     kPostgreses, kTransactionIds},
    {"db.User.numbackends", "Connections", "The number of backends currently connected", kPostgreses, kConnections},
    {"db.WAL.archived_count", "Files per minute", "The number of WAL files successfully archived", kRdsPostgres,
     kArchivedFiles},
    {"db.SQL.logical_reads", "Blocks", "The number of blocks hit and read", kAuroraPostgres, kBlockHits},
    {"db.Transactions.commit_latency", "Microseconds", "The average duration of commit operations", kAuroraPostgres,
     kCommitLatency},

    // Every engine: the operating system (docs/performance-insights.md#os-counters).
    {"os.cpuUtilization.total", "Percent", "The total percentage of the CPU in use", kEvery, kCpuPercent},
    {"os.cpuUtilization.wait", "Percent", "The percentage of CPU unused while waiting for I/O access", kEvery,
     kWaitPercent},
    {"os.loadAverageMinute.one", "Processes", "The number of processes requesting CPU time over the last minute",
     kEvery, kLoadAverage},
    {"os.memory.free", "Kilobytes", "The amount of unassigned memory", kEvery, kFreeMemory},
    {"os.network.rx", "Bytes per second", "The number of bytes received per second", kEvery, kNetworkBytes},
    {"os.network.tx", "Bytes per second", "The number of bytes uploaded per second", kEvery, kNetworkBytes},
    {"os.tasks.running", "Tasks", "The number of tasks that are running", kEvery, kRunningTasks},
};

bool published_by(const Counter& counter, EngineFamily family) { return (counter.engines & engine_set(family)) != 0; }

}  // namespace

std::optional<MetricType> parse_metric_type(std::string_view text) {
  if (text == "db") return MetricType::kDb;
  if (text == "os") return MetricType::kOs;
  return std::nullopt;
}

std::span<const Counter> counters() { return kCounters; }

const Counter* find_counter(std::string_view name, EngineFamily family) {
  for (const Counter& counter : kCounters) {
    if (counter.name == name && published_by(counter, family)) return &counter;
  }
  return nullptr;
}

std::vector<const Counter*> counters_of(EngineFamily family) {
  std::vector<const Counter*> published;
  for (const Counter& counter : kCounters) {
    if (published_by(counter, family)) published.push_back(&counter);
  }
  return published;
}

cloudwatch::MetricDefinition series_definition(const Counter& counter) {
  return {
      counter.name,  counter.unit,  cloudwatch::MetricScope::kInstance, counter.engines, cloudwatch::kNoRequirement, "",
      counter.range, kSampleSeconds};
}

}  // namespace rds_exporter::sim::pi
