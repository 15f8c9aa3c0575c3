#include "catalog/metric_catalog.h"

#include <algorithm>
#include <set>

#include "catalog/table_constants.h"

namespace rds_exporter::catalog {
namespace {

// "All" in the RDS table means every non-Aurora engine; Aurora has its own table.
constexpr EngineSet kRds = kMySql | kMariaDb | kPostgres | kOracle | kSqlServer | kDb2;
constexpr EngineSet kEvery = kRds | kAurora;
constexpr EngineSet kAnyPostgres = kPostgres | kAuroraPostgres;

constexpr MetricScope kInstance = MetricScope::instance;
constexpr MetricScope kCluster = MetricScope::cluster;

// Units are CloudWatch StandardUnit names (catalog/table_constants.h). The AWS tables' "Percentage" is Percent,
// "Count per second" Count/Second, credits and "Count per 5 minutes" Count, and gauges and minutes (which
// StandardUnit lacks) None.

constexpr int kEveryMinute = 60;
constexpr int kEveryFiveMinutes = 300;

// Every CloudWatch metric costs its user about $0.43 a month per instance at one query a minute, so the default
// set stays lean: the metrics every dashboard needs (the 13 common ones, replication lag, what fills the disk,
// transaction ID wraparound, Aurora's cache, commit and deadlock health); the rest cost nothing until a user
// adds them.
constexpr bool kByDefault = true;
constexpr bool kOnRequest = false;

// Metrics needing what DescribeDBInstances and DescribeDBClusters do not tell us (a dedicated log volume, a
// global database, backtracking, multi-source replication, InnoDB monitors, an Aurora MySQL minor version)
// need no condition bit: they are never collected by default, and a user who adds one knows the fleet has it.
constexpr MetricSpec kCatalog[] = {
    // Instance metrics of RDS (docs/metric-catalog.md#rds-instance-metrics) and Aurora
    // (docs/metric-catalog.md#aurora-instance-metrics) alike.
    {"CPUUtilization", kPercent, kInstance, kEvery, kAlways, kEveryMinute, kByDefault, "Percentage of CPU utilization"},
    {"FreeableMemory", kBytes, kInstance, kEvery, kAlways, kEveryMinute, kByDefault, "Available random access memory"},
    {"DatabaseConnections", kCount, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Client network connections to the database"},
    {"ReadIOPS", kCountPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Disk read operations per second"},
    {"WriteIOPS", kCountPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Disk write operations per second"},
    {"ReadLatency", kSeconds, kInstance, kEvery, kAlways, kEveryMinute, kByDefault, "Average time taken per disk read"},
    {"WriteLatency", kSeconds, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Average time taken per disk write"},
    {"DiskQueueDepth", kCount, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Outstanding I/O requests waiting to access the disk"},
    {"ReadThroughput", kBytesPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Bytes read from disk per second"},
    {"WriteThroughput", kBytesPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Bytes written to disk per second"},
    {"NetworkReceiveThroughput", kBytesPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Incoming network traffic in bytes per second"},
    {"NetworkTransmitThroughput", kBytesPerSecond, kInstance, kEvery, kAlways, kEveryMinute, kByDefault,
     "Outgoing network traffic in bytes per second"},
    {"CPUCreditUsage", kCount, kInstance, kEvery, kBurstableClass, kEveryFiveMinutes, kOnRequest,
     "CPU credits spent, in vCPU-minutes"},
    {"CPUCreditBalance", kCount, kInstance, kEvery, kBurstableClass, kEveryFiveMinutes, kOnRequest,
     "CPU credits earned and not yet spent"},
    {"CPUSurplusCreditBalance", kCount, kInstance, kEvery, kBurstableClass, kEveryMinute, kOnRequest,
     "Surplus CPU credits spent in unlimited mode while the credit balance was zero"},
    {"CPUSurplusCreditsCharged", kCount, kInstance, kEvery, kBurstableClass, kEveryMinute, kOnRequest,
     "Surplus CPU credits not paid back by earned credits, and so charged for"},
    {"EBSByteBalance%", kPercent, kInstance, kEvery, kAlways, kEveryMinute, kOnRequest,
     "Percentage of throughput credits left in the EBS burst bucket"},
    {"EBSIOBalance%", kPercent, kInstance, kEvery, kAlways, kEveryMinute, kOnRequest,
     "Percentage of I/O credits left in the EBS burst bucket"},
    {"SwapUsage", kBytes, kInstance, kMySql | kMariaDb | kOracle | kPostgres | kAurora, kAlways, kEveryMinute,
     kByDefault, "Swap space used"},
    // Aurora has no FreeStorageSpace (its cluster volume grows by itself), so local storage is what fills up.
    {"FreeLocalStorage", kBytes, kInstance, kEvery, kLocalNvmeStorage, kEveryMinute, kByDefault,
     "Available local storage (instance store, or an Aurora instance's temporary storage)", kProvisioned},
    {"ConnectionAttempts", kCount, kInstance, kMySql | kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Attempts to connect to the instance, successful or not"},
    {"MaximumUsedTransactionIDs", kCount, kInstance, kAnyPostgres, kAlways, kEveryMinute, kByDefault,
     "Age of the oldest unfrozen transaction ID (wraparound at about 2 billion)"},
    {"OldestReplicationSlotLag", kBytes, kInstance, kAnyPostgres, kAlways, kEveryMinute, kByDefault,
     "WAL the most lagging replication slot has yet to receive"},
    {"ReplicationSlotDiskUsage", kBytes, kInstance, kAnyPostgres, kAlways, kEveryMinute, kOnRequest,
     "Disk space used by replication slot files"},
    // Aurora PostgreSQL publishes it on the writer only, and reports -1 without logical replication.
    {"TransactionLogsDiskUsage", kBytes, kInstance, kAnyPostgres, kAlways, kEveryMinute, kByDefault,
     "Disk space used by transaction logs (WAL)", kAuroraWriter},

    // Instance metrics of RDS only (docs/metric-catalog.md#rds-instance-metrics).
    {"FreeStorageSpace", kBytes, kInstance, kRds, kAlways, kEveryMinute, kByDefault, "Available storage space"},
    {"ReplicaLag", kSeconds, kInstance, kMySql | kMariaDb | kPostgres | kOracle | kSqlServer, kReadReplica,
     kEveryMinute, kByDefault, "How far a read replica lags behind its source"},
    {"BinLogDiskUsage", kBytes, kInstance, kMySql | kMariaDb, kAlways, kEveryMinute, kByDefault,
     "Disk space used by binary logs"},
    {"BurstBalance", kPercent, kInstance, kRds, kGp2Storage, kEveryMinute, kOnRequest,
     "Percentage of gp2 burst-bucket I/O credits available"},
    {"CheckpointLag", kSeconds, kInstance, kPostgres, kAlways, kEveryMinute, kOnRequest,
     "Time since the most recent checkpoint"},
    {"FailedSQLServerAgentJobsCount", kCount, kInstance, kSqlServer, kAlways, kEveryMinute, kOnRequest,
     "Failed SQL Server Agent jobs in the last minute"},
    {"IamDbAuthConnectionRequests", kCount, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Connection requests using IAM database authentication"},
    {"OldestLogicalReplicationSlotLag", kBytes, kInstance, kPostgres, kAlways, kEveryMinute, kOnRequest,
     "WAL the most lagging logical replication slot has yet to receive"},
    {"ReplicationChannelLag", kSeconds, kInstance, kMySql, kAlways, kEveryMinute, kOnRequest,
     "Lag of a multi-source replication channel"},
    {"TempDbAvailableDataSpace", kBytes, kInstance, kSqlServer, kAlways, kEveryMinute, kOnRequest,
     "Free space in tempdb data files"},
    {"TempDbAvailableLogSpace", kBytes, kInstance, kSqlServer, kAlways, kEveryMinute, kOnRequest,
     "Free space in tempdb log files"},
    {"TempDbDataFileUsage", kPercent, kInstance, kSqlServer, kAlways, kEveryMinute, kOnRequest,
     "Percentage of tempdb data file space used"},
    {"TempDbLogFileUsage", kPercent, kInstance, kSqlServer, kAlways, kEveryMinute, kOnRequest,
     "Percentage of tempdb log file space used"},
    {"TransactionLogsGeneration", kBytesPerSecond, kInstance, kPostgres, kAlways, kEveryMinute, kOnRequest,
     "Transaction logs (WAL) generated per second"},
    {"FreeLocalStoragePercent", kPercent, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Percentage of local instance-store storage available"},
    {"ReadIOPSLocalStorage", kCountPerSecond, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Local instance-store read operations per second"},
    {"WriteIOPSLocalStorage", kCountPerSecond, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Local instance-store write operations per second"},
    {"ReadLatencyLocalStorage", kSeconds, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Average time taken per local instance-store read"},
    {"WriteLatencyLocalStorage", kSeconds, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Average time taken per local instance-store write"},
    {"ReadThroughputLocalStorage", kBytesPerSecond, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Bytes read from local instance store per second"},
    {"WriteThroughputLocalStorage", kBytesPerSecond, kInstance, kRds, kLocalNvmeStorage, kEveryMinute, kOnRequest,
     "Bytes written to local instance store per second"},
    {"FreeStorageSpaceLogVolume", kBytes, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Available space on the dedicated log volume"},
    {"DiskQueueDepthLogVolume", kCount, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Outstanding I/O requests waiting to access the dedicated log volume"},
    {"ReadIOPSLogVolume", kCountPerSecond, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Dedicated log volume read operations per second"},
    {"WriteIOPSLogVolume", kCountPerSecond, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Dedicated log volume write operations per second"},
    {"ReadLatencyLogVolume", kSeconds, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Average time taken per dedicated log volume read"},
    {"WriteLatencyLogVolume", kSeconds, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Average time taken per dedicated log volume write"},
    {"ReadThroughputLogVolume", kBytesPerSecond, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Bytes read from the dedicated log volume per second"},
    {"WriteThroughputLogVolume", kBytesPerSecond, kInstance, kRds, kAlways, kEveryMinute, kOnRequest,
     "Bytes written to the dedicated log volume per second"},

    // Performance Insights (docs/metric-catalog.md#performance-insights-in-cloudwatch), RDS and Aurora alike,
    // published only while the instance has load.
    {"DBLoad", kNone, kInstance, kEvery, kPerformanceInsights, kEveryMinute, kOnRequest,
     "Average active sessions (Performance Insights)"},
    {"DBLoadCPU", kNone, kInstance, kEvery, kPerformanceInsights, kEveryMinute, kOnRequest,
     "Average active sessions waiting for CPU (Performance Insights)"},
    {"DBLoadNonCPU", kNone, kInstance, kEvery, kPerformanceInsights, kEveryMinute, kOnRequest,
     "Average active sessions waiting for something other than CPU (Performance Insights)"},
    {"DBLoadRelativeToNumVCPUs", kNone, kInstance, kEvery, kPerformanceInsights, kEveryMinute, kOnRequest,
     "Average active sessions per vCPU (Performance Insights)"},

    // Instance metrics of Aurora only (docs/metric-catalog.md#aurora-instance-metrics).
    {"AuroraReplicaLag", kMilliseconds, kInstance, kAurora, kAuroraReader, kEveryMinute, kByDefault,
     "How far an Aurora reader lags behind the writer"},
    {"AuroraReplicaLagMaximum", kMilliseconds, kInstance, kAurora, kAuroraWriter, kEveryMinute, kOnRequest,
     "Largest lag of any Aurora reader behind this writer"},
    {"AuroraReplicaLagMinimum", kMilliseconds, kInstance, kAurora, kAuroraWriter, kEveryMinute, kOnRequest,
     "Smallest lag of any Aurora reader behind this writer"},
    {"BufferCacheHitRatio", kPercent, kInstance, kAurora, kAlways, kEveryMinute, kByDefault,
     "Percentage of requests served by the buffer cache"},
    {"CommitLatency", kMilliseconds, kInstance, kAurora, kAlways, kEveryMinute, kByDefault,
     "Average duration of commit operations"},
    {"CommitThroughput", kCountPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Commit operations per second"},
    {"Deadlocks", kCountPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kByDefault, "Deadlocks per second"},
    {"EngineUptime", kSeconds, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Time the database engine has been running"},
    {"NetworkThroughput", kBytesPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Network traffic to and from clients in bytes per second"},
    {"StorageNetworkReceiveThroughput", kBytesPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Bytes per second received from the Aurora storage subsystem"},
    {"StorageNetworkThroughput", kBytesPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Bytes per second exchanged with the Aurora storage subsystem"},
    {"StorageNetworkTransmitThroughput", kBytesPerSecond, kInstance, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Bytes per second sent to the Aurora storage subsystem"},
    {"ACUUtilization", kPercent, kInstance, kAurora, kServerless, kEveryMinute, kOnRequest,
     "Percentage of the maximum Aurora capacity units in use (Serverless v2)"},
    {"ServerlessDatabaseCapacity", kCount, kInstance, kAurora, kServerless, kEveryMinute, kOnRequest,
     "Current capacity in Aurora capacity units (Serverless v2)"},
    {"TempStorageIOPS", kCountPerSecond, kInstance, kAurora, kServerless, kEveryMinute, kOnRequest,
     "Local temporary storage I/O operations per second (Serverless v2)"},
    {"TempStorageThroughput", kBytesPerSecond, kInstance, kAurora, kServerless, kEveryMinute, kOnRequest,
     "Bytes per second transferred to and from local temporary storage (Serverless v2)"},
    {"Queries", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kByDefault,
     "Queries executed per second"},
    {"AbortedClients", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Client connections not closed properly"},
    {"ActiveTransactions", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Transactions executing per second (needs innodb_monitor_enable)"},
    {"AuroraBinlogReplicaLag", kSeconds, kInstance, kAuroraMySql, kAuroraWriter, kEveryMinute, kOnRequest,
     "How far a binary log replica lags behind this Aurora MySQL source"},
    {"AuroraDMLRejectedMasterFull", kCount, kInstance, kAuroraMySql, kAuroraWriter, kEveryMinute, kOnRequest,
     "Queries rejected because the writer's memory is full (Aurora MySQL 2)"},
    {"AuroraDMLRejectedWriterFull", kCount, kInstance, kAuroraMySql, kAuroraWriter, kEveryMinute, kOnRequest,
     "Queries rejected because the writer's memory is full (Aurora MySQL 3)"},
    {"AuroraMemoryHealthState", kNone, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Memory health: 0 normal, 10 reserved"},
    {"AuroraMemoryNumDeclinedSqlTotal", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Queries declined to avoid running out of memory"},
    {"AuroraMemoryNumKillConnTotal", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Connections closed to avoid running out of memory"},
    {"AuroraMemoryNumKillQueryTotal", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Queries ended to avoid running out of memory"},
    {"AuroraMillisecondsSpentInOomRecovery", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Time spent recovering from low memory"},
    {"AuroraNumOomRecoverySuccessful", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Recoveries from low memory that succeeded"},
    {"AuroraNumOomRecoveryTriggered", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Recoveries from low memory started"},
    {"AuroraSlowConnectionHandleCount", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Connections that waited two seconds or more to be handled"},
    {"AuroraSlowHandshakeCount", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Connection handshakes that took 50 milliseconds or more"},
    {"BacktrackWindowActual", kNone, kInstance, kAuroraMySql, kAuroraWriter, kEveryMinute, kOnRequest,
     "Backtrack window actually available, in minutes"},
    {"BacktrackWindowAlert", kCount, kInstance, kAuroraMySql, kAuroraWriter, kEveryMinute, kOnRequest,
     "Times the actual backtrack window fell short of the target"},
    {"BlockedTransactions", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Blocked transactions per second"},
    {"DDLLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of DDL statements"},
    {"DDLThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "DDL statements per second"},
    {"DeleteLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of DELETE statements"},
    {"DeleteThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "DELETE statements per second"},
    {"DMLLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of inserts, updates and deletes"},
    {"DMLThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Inserts, updates and deletes per second"},
    {"InsertLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of INSERT statements"},
    {"InsertThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "INSERT statements per second"},
    {"LoginFailures", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Failed login attempts per second"},
    {"NumBinaryLogFiles", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest, "Binary log files kept"},
    {"PurgeBoundary", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Transaction number up to which InnoDB purge may run"},
    {"PurgeFinishedPoint", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Transaction number up to which InnoDB purge has run"},
    {"ResultSetCacheHitRatio", kPercent, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Percentage of requests served by the result set cache (Aurora MySQL 2)"},
    {"RollbackSegmentHistoryListLength", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Undo logs of committed transactions not yet purged"},
    {"RowLockTime", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Time spent acquiring InnoDB row locks"},
    {"SelectLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of SELECT statements"},
    {"SelectThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "SELECT statements per second"},
    {"SumBinaryLogSize", kBytes, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Total size of the binary log files"},
    {"TransactionAgeMaximum", kSeconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Age of the oldest active transaction"},
    {"TruncateFinishedPoint", kCount, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Transaction number up to which undo truncation has run"},
    {"UpdateLatency", kMilliseconds, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Average duration of UPDATE statements"},
    {"UpdateThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "UPDATE statements per second"},
    {"AuroraEstimatedSharedMemoryBytes", kBytes, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Estimated shared buffer memory in use"},
    {"AuroraOptimizedReadsCacheHitRatio", kPercent, kInstance, kAuroraPostgres, kAuroraWriter, kEveryMinute, kOnRequest,
     "Percentage of requests served by the Optimized Reads cache"},
    {"FreeEphemeralStorage", kBytes, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Available ephemeral storage"},
    {"RDSToAuroraPostgreSQLReplicaLag", kSeconds, kInstance, kAuroraPostgres, kAuroraReader, kEveryMinute, kOnRequest,
     "How far an Aurora read replica lags behind its RDS for PostgreSQL source"},
    {"ReadIOPSEphemeralStorage", kCountPerSecond, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Ephemeral storage read operations per second"},
    {"WriteIOPSEphemeralStorage", kCountPerSecond, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Ephemeral storage write operations per second"},
    {"ReadLatencyEphemeralStorage", kSeconds, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Average time taken per ephemeral storage read"},
    {"WriteLatencyEphemeralStorage", kSeconds, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Average time taken per ephemeral storage write"},
    {"ReadThroughputEphemeralStorage", kBytesPerSecond, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Bytes read from ephemeral storage per second"},
    {"WriteThroughputEphemeralStorage", kBytesPerSecond, kInstance, kAuroraPostgres, kAlways, kEveryMinute, kOnRequest,
     "Bytes written to ephemeral storage per second"},

    // Aurora cluster metrics (docs/metric-catalog.md#aurora-cluster-metrics), published under DBClusterIdentifier
    // only.
    {"VolumeBytesUsed", kBytes, kCluster, kAurora, kAlways, kEveryMinute, kByDefault,
     "Storage used by the cluster volume"},
    {"VolumeReadIOPs", kCount, kCluster, kAurora, kAlways, kEveryFiveMinutes, kOnRequest,
     "Billed read I/O operations from the cluster volume per 5 minutes"},
    {"VolumeWriteIOPs", kCount, kCluster, kAurora, kAlways, kEveryFiveMinutes, kOnRequest,
     "Write I/O operations to the cluster volume per 5 minutes"},
    {"AuroraVolumeBytesLeftTotal", kBytes, kCluster, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Space left before the cluster volume reaches its size limit"},
    {"BackupRetentionPeriodStorageUsed", kBytes, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Backup storage used to support point-in-time restore"},
    {"SnapshotStorageUsed", kBytes, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Backup storage used by manual snapshots beyond the retention period"},
    {"TotalBackupStorageBilled", kBytes, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Backup storage billed for the cluster"},
    {"ServerlessDatabaseCapacity", kCount, kCluster, kAurora, kServerless, kEveryMinute, kOnRequest,
     "Current capacity in Aurora capacity units (Serverless)"},
    {"BacktrackChangeRecordsCreationRate", kCount, kCluster, kAuroraMySql, kAlways, kEveryFiveMinutes, kOnRequest,
     "Backtrack change records created per 5 minutes"},
    {"BacktrackChangeRecordsStored", kCount, kCluster, kAuroraMySql, kAlways, kEveryMinute, kOnRequest,
     "Backtrack change records in use"},
    {"AuroraGlobalDBDataTransferBytes", kBytes, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Redo log bytes transferred to this secondary Region of a global database"},
    {"AuroraGlobalDBProgressLag", kMilliseconds, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "How far this secondary cluster of a global database lags in user and system transactions"},
    {"AuroraGlobalDBReplicatedWriteIO", kCount, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Write I/O operations replicated to this secondary Region of a global database"},
    {"AuroraGlobalDBReplicationLag", kMilliseconds, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "How far this secondary cluster of a global database lags behind the primary"},
    {"AuroraGlobalDBRPOLag", kMilliseconds, kCluster, kAurora, kAlways, kEveryMinute, kOnRequest,
     "Recovery point objective lag of this secondary cluster of a global database"},
};

}  // namespace

std::span<const MetricSpec> metric_catalog() { return kCatalog; }

const MetricSpec* find_metric(std::string_view name, MetricScope scope) {
  const auto* found = std::find_if(std::begin(kCatalog), std::end(kCatalog), [&](const MetricSpec& metric) {
    return metric.name == name && metric.scope == scope;
  });
  return found == std::end(kCatalog) ? nullptr : found;
}

bool is_known_metric(std::string_view name) {
  return std::any_of(std::begin(kCatalog), std::end(kCatalog),
                     [&](const MetricSpec& metric) { return metric.name == name; });
}

std::vector<std::string> metric_names() {
  std::vector<std::string> names;
  std::set<std::string_view> seen;
  for (const MetricSpec& metric : kCatalog) {
    if (seen.insert(metric.name).second) names.emplace_back(metric.name);
  }
  return names;
}

bool publishes(const MetricSpec& metric, const PublisherTraits& traits) {
  if ((metric.engines & engine_set(traits.family)) == 0) return false;
  const unsigned needed =
      is_aurora(traits.family) && metric.aurora_conditions ? *metric.aurora_conditions : metric.conditions;
  return (needed & ~traits.conditions) == 0;
}

}  // namespace rds_exporter::catalog
