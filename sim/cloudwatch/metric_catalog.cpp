#include "sim/cloudwatch/metric_catalog.h"

#include <algorithm>
#include <array>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr EngineSet kMySql = engine_set(EngineFamily::kMySql);
constexpr EngineSet kMariaDb = engine_set(EngineFamily::kMariaDb);
constexpr EngineSet kPostgres = engine_set(EngineFamily::kPostgres);
constexpr EngineSet kOracle = engine_set(EngineFamily::kOracle);
constexpr EngineSet kSqlServer = engine_set(EngineFamily::kSqlServer);
constexpr EngineSet kAuroraMySql = engine_set(EngineFamily::kAuroraMySql);
constexpr EngineSet kAuroraPostgres = engine_set(EngineFamily::kAuroraPostgres);
// "All" in the RDS table: every non-Aurora engine.
constexpr EngineSet kRds = kMySql | kMariaDb | kPostgres | kOracle | kSqlServer | engine_set(EngineFamily::kDb2);
constexpr EngineSet kAurora = kAuroraMySql | kAuroraPostgres;
constexpr EngineSet kEvery = kRds | kAurora;

constexpr MetricScope kInstance = MetricScope::kInstance;
constexpr MetricScope kCluster = MetricScope::kCluster;

constexpr std::string_view kPercent = "Percent";
constexpr std::string_view kBytes = "Bytes";
constexpr std::string_view kBytesPerSecond = "Bytes/Second";
constexpr std::string_view kCount = "Count";
constexpr std::string_view kCountPerSecond = "Count/Second";
constexpr std::string_view kSeconds = "Seconds";
constexpr std::string_view kMilliseconds = "Milliseconds";
constexpr std::string_view kNone = "None";

// Plausible ranges, shared by metrics of one kind.
constexpr ValueRange kUtilization{0, 100, false};
constexpr ValueRange kBalance{50, 100, false};
constexpr ValueRange kHitRatio{90, 100, false};
constexpr ValueRange kMemory{5.0e8, 1.6e10, false};
constexpr ValueRange kStorage{5.0e9, 5.0e11, false};
constexpr ValueRange kLocalStorage{1.0e10, 2.0e11, false};
constexpr ValueRange kLogBytes{0, 2.0e9, false};
constexpr ValueRange kVolume{1.0e10, 1.0e12, false};
constexpr ValueRange kVolumeLeft{1.3e14, 1.4e14, false};
constexpr ValueRange kConnections{0, 200, true};
constexpr ValueRange kSmallCount{0, 20, true};
constexpr ValueRange kTransactionIds{1.0e6, 2.0e8, true};
constexpr ValueRange kVolumeIos{1.0e4, 1.0e6, true};
constexpr ValueRange kQueueDepth{0, 4, false};
constexpr ValueRange kIops{0, 3000, false};
constexpr ValueRange kThroughput{0, 6.0e7, false};
constexpr ValueRange kNetwork{1.0e5, 1.25e8, false};
constexpr ValueRange kLatencySeconds{0.0002, 0.02, false};
constexpr ValueRange kLatencyMilliseconds{0.2, 20, false};
constexpr ValueRange kLagSeconds{0, 10, false};
constexpr ValueRange kLagMilliseconds{5, 100, false};
constexpr ValueRange kRate{0, 2000, false};
constexpr ValueRange kCredits{0, 576, false};
constexpr ValueRange kLoad{0, 8, false};
constexpr ValueRange kCapacity{0.5, 16, false};
constexpr ValueRange kUptime{3.6e3, 2.6e6, true};
constexpr ValueRange kHealthy{0, 0, true};

constexpr unsigned kAny = kNoRequirement;

// One row per metric and scope, naming every engine that publishes it alike; a metric that RDS and Aurora
// publish under different conditions (FreeLocalStorage) has a row for each.
constexpr MetricDefinition kMetrics[] = {
    // RDS instances, docs/metric-catalog.md#rds-instance-metrics (rows shared with Aurora name both).
    {"BinLogDiskUsage", kBytes, kInstance, kMySql | kMariaDb, kAny, "", kLogBytes, 60},
    {"BurstBalance", kPercent, kInstance, kRds, kGp2Storage, "", kBalance, 60},
    {"CheckpointLag", kSeconds, kInstance, kPostgres, kAny, "", kLagSeconds, 60},
    {"ConnectionAttempts", kCount, kInstance, kMySql | kAuroraMySql, kAny, "", kSmallCount, 60},
    {"CPUUtilization", kPercent, kInstance, kEvery, kAny, "", kUtilization, 60},
    {"CPUCreditUsage", kCount, kInstance, kEvery, kBurstableClass, "", kCredits, 300},
    {"CPUCreditBalance", kCount, kInstance, kEvery, kBurstableClass, "", kCredits, 300},
    {"CPUSurplusCreditBalance", kCount, kInstance, kEvery, kBurstableClass, "", kCredits, 60},
    {"CPUSurplusCreditsCharged", kCount, kInstance, kEvery, kBurstableClass, "", kCredits, 60},
    {"DatabaseConnections", kCount, kInstance, kEvery, kAny, "", kConnections, 60},
    {"DiskQueueDepth", kCount, kInstance, kEvery, kAny, "", kQueueDepth, 60},
    {"DiskQueueDepthLogVolume", kCount, kInstance, kRds, kNotSimulated, "", kQueueDepth, 60},
    {"EBSByteBalance%", kPercent, kInstance, kEvery, kAny, "", kBalance, 60},
    {"EBSIOBalance%", kPercent, kInstance, kEvery, kAny, "", kBalance, 60},
    {"FailedSQLServerAgentJobsCount", kCount, kInstance, kSqlServer, kAny, "", kSmallCount, 60},
    {"FreeableMemory", kBytes, kInstance, kEvery, kAny, "", kMemory, 60},
    {"FreeLocalStorage", kBytes, kInstance, kRds, kLocalNvmeStorage, "", kLocalStorage, 60},
    {"FreeLocalStoragePercent", kPercent, kInstance, kRds, kLocalNvmeStorage, "", kUtilization, 60},
    {"FreeStorageSpace", kBytes, kInstance, kRds, kAny, "", kStorage, 60},
    {"FreeStorageSpaceLogVolume", kBytes, kInstance, kRds, kNotSimulated, "", kStorage, 60},
    {"IamDbAuthConnectionRequests", kCount, kInstance, kRds, kAny, "", kSmallCount, 60},
    {"MaximumUsedTransactionIDs", kCount, kInstance, kPostgres | kAuroraPostgres, kAny, "", kTransactionIds, 60},
    {"NetworkReceiveThroughput", kBytesPerSecond, kInstance, kEvery, kAny, "", kNetwork, 60},
    {"NetworkTransmitThroughput", kBytesPerSecond, kInstance, kEvery, kAny, "", kNetwork, 60},
    {"OldestLogicalReplicationSlotLag", kBytes, kInstance, kPostgres, kAny, "", kLogBytes, 60},
    {"OldestReplicationSlotLag", kBytes, kInstance, kPostgres | kAuroraPostgres, kAny, "", kLogBytes, 60},
    {"ReadIOPS", kCountPerSecond, kInstance, kEvery, kAny, "", kIops, 60},
    {"ReadIOPSLocalStorage", kCountPerSecond, kInstance, kRds, kLocalNvmeStorage, "", kIops, 60},
    {"ReadIOPSLogVolume", kCountPerSecond, kInstance, kRds, kNotSimulated, "", kIops, 60},
    {"ReadLatency", kSeconds, kInstance, kEvery, kAny, "", kLatencySeconds, 60},
    {"ReadLatencyLocalStorage", kSeconds, kInstance, kRds, kLocalNvmeStorage, "", kLatencySeconds, 60},
    {"ReadLatencyLogVolume", kSeconds, kInstance, kRds, kNotSimulated, "", kLatencySeconds, 60},
    {"ReadThroughput", kBytesPerSecond, kInstance, kEvery, kAny, "", kThroughput, 60},
    {"ReadThroughputLocalStorage", kBytesPerSecond, kInstance, kRds, kLocalNvmeStorage, "", kThroughput, 60},
    {"ReadThroughputLogVolume", kBytesPerSecond, kInstance, kRds, kNotSimulated, "", kThroughput, 60},
    {"ReplicaLag", kSeconds, kInstance, kMySql | kMariaDb | kPostgres | kOracle | kSqlServer, kReadReplica, "",
     kLagSeconds, 60},
    {"ReplicationChannelLag", kSeconds, kInstance, kMySql, kNotSimulated, "", kLagSeconds, 60},
    {"ReplicationSlotDiskUsage", kBytes, kInstance, kPostgres | kAuroraPostgres, kAny, "", kLogBytes, 60},
    {"SwapUsage", kBytes, kInstance, kMySql | kMariaDb | kOracle | kPostgres | kAurora, kAny, "", kLogBytes, 60},
    {"TempDbAvailableDataSpace", kBytes, kInstance, kSqlServer, kAny, "", kLocalStorage, 60},
    {"TempDbAvailableLogSpace", kBytes, kInstance, kSqlServer, kAny, "", kLocalStorage, 60},
    {"TempDbDataFileUsage", kPercent, kInstance, kSqlServer, kAny, "", kUtilization, 60},
    {"TempDbLogFileUsage", kPercent, kInstance, kSqlServer, kAny, "", kUtilization, 60},
    {"TransactionLogsDiskUsage", kBytes, kInstance, kPostgres, kAny, "", kLogBytes, 60},
    {"TransactionLogsGeneration", kBytesPerSecond, kInstance, kPostgres, kAny, "", kThroughput, 60},
    {"WriteIOPS", kCountPerSecond, kInstance, kEvery, kAny, "", kIops, 60},
    {"WriteIOPSLocalStorage", kCountPerSecond, kInstance, kRds, kLocalNvmeStorage, "", kIops, 60},
    {"WriteIOPSLogVolume", kCountPerSecond, kInstance, kRds, kNotSimulated, "", kIops, 60},
    {"WriteLatency", kSeconds, kInstance, kEvery, kAny, "", kLatencySeconds, 60},
    {"WriteLatencyLocalStorage", kSeconds, kInstance, kRds, kLocalNvmeStorage, "", kLatencySeconds, 60},
    {"WriteLatencyLogVolume", kSeconds, kInstance, kRds, kNotSimulated, "", kLatencySeconds, 60},
    {"WriteThroughput", kBytesPerSecond, kInstance, kEvery, kAny, "", kThroughput, 60},
    {"WriteThroughputLocalStorage", kBytesPerSecond, kInstance, kRds, kLocalNvmeStorage, "", kThroughput, 60},
    {"WriteThroughputLogVolume", kBytesPerSecond, kInstance, kRds, kNotSimulated, "", kThroughput, 60},
    // Performance Insights, RDS and Aurora alike.
    {"DBLoad", kNone, kInstance, kEvery, kPerformanceInsights, "", kLoad, 60},
    {"DBLoadCPU", kNone, kInstance, kEvery, kPerformanceInsights, "", kLoad, 60},
    {"DBLoadNonCPU", kNone, kInstance, kEvery, kPerformanceInsights, "", kLoad, 60},
    {"DBLoadRelativeToNumVCPUs", kNone, kInstance, kEvery, kPerformanceInsights, "", kLoad, 60},

    // Aurora clusters, docs/metric-catalog.md#aurora-cluster-metrics.
    {"AuroraGlobalDBDataTransferBytes", kBytes, kCluster, kAurora, kNotSimulated, "", kLogBytes, 60},
    {"AuroraGlobalDBProgressLag", kMilliseconds, kCluster, kAurora, kNotSimulated, "", kLagMilliseconds, 60},
    {"AuroraGlobalDBReplicatedWriteIO", kCount, kCluster, kAurora, kNotSimulated, "", kVolumeIos, 60},
    {"AuroraGlobalDBReplicationLag", kMilliseconds, kCluster, kAurora, kNotSimulated, "", kLagMilliseconds, 60},
    {"AuroraGlobalDBRPOLag", kMilliseconds, kCluster, kAurora, kNotSimulated, "", kLagMilliseconds, 60},
    {"AuroraVolumeBytesLeftTotal", kBytes, kCluster, kAuroraMySql, kAny, "", kVolumeLeft, 60},
    {"BacktrackChangeRecordsCreationRate", kCount, kCluster, kAuroraMySql, kNotSimulated, "", kVolumeIos, 300},
    {"BacktrackChangeRecordsStored", kCount, kCluster, kAuroraMySql, kNotSimulated, "", kVolumeIos, 60},
    {"BackupRetentionPeriodStorageUsed", kBytes, kCluster, kAurora, kAny, "", kVolume, 60},
    {"ServerlessDatabaseCapacity", kCount, kCluster, kAurora, kServerless, "", kCapacity, 60},
    {"SnapshotStorageUsed", kBytes, kCluster, kAurora, kAny, "", kVolume, 60},
    {"TotalBackupStorageBilled", kBytes, kCluster, kAurora, kAny, "", kVolume, 60},
    {"VolumeBytesUsed", kBytes, kCluster, kAurora, kAny, "", kVolume, 60},
    {"VolumeReadIOPs", kCount, kCluster, kAurora, kAny, "", kVolumeIos, 300},
    {"VolumeWriteIOPs", kCount, kCluster, kAurora, kAny, "", kVolumeIos, 300},

    // Aurora instances, docs/metric-catalog.md#aurora-instance-metrics (those shared with RDS are above).
    {"AbortedClients", kCount, kInstance, kAuroraMySql, kAny, "", kSmallCount, 60},
    {"ActiveTransactions", kCountPerSecond, kInstance, kAuroraMySql, kNotSimulated, "", kRate, 60},
    {"ACUUtilization", kPercent, kInstance, kAurora, kServerless, "", kUtilization, 60},
    {"AuroraBinlogReplicaLag", kSeconds, kInstance, kAuroraMySql, kAuroraWriter, "", kLagSeconds, 60},
    {"AuroraDMLRejectedMasterFull", kCount, kInstance, kAuroraMySql, kAuroraWriter | kAuroraMySqlV2, "", kSmallCount,
     60},
    {"AuroraDMLRejectedWriterFull", kCount, kInstance, kAuroraMySql, kAuroraWriter | kAuroraMySqlV3, "", kSmallCount,
     60},
    {"AuroraEstimatedSharedMemoryBytes", kBytes, kInstance, kAuroraPostgres, kAny, "", kMemory, 60},
    {"AuroraMemoryHealthState", kNone, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.06.1", kHealthy, 60},
    {"AuroraMemoryNumDeclinedSqlTotal", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.06.1", kSmallCount, 60},
    {"AuroraMemoryNumKillConnTotal", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.06.1", kSmallCount, 60},
    {"AuroraMemoryNumKillQueryTotal", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.06.1", kSmallCount, 60},
    {"AuroraMillisecondsSpentInOomRecovery", kMilliseconds, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0",
     kLatencyMilliseconds, 60},
    {"AuroraNumOomRecoverySuccessful", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kSmallCount, 60},
    {"AuroraNumOomRecoveryTriggered", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kSmallCount, 60},
    {"AuroraOptimizedReadsCacheHitRatio", kPercent, kInstance, kAuroraPostgres, kAuroraWriter | kLocalNvmeStorage, "",
     kHitRatio, 60},
    {"AuroraReplicaLag", kMilliseconds, kInstance, kAurora, kAuroraReader, "", kLagMilliseconds, 60},
    {"AuroraReplicaLagMaximum", kMilliseconds, kInstance, kAurora, kAuroraWriter, "", kLagMilliseconds, 60},
    {"AuroraReplicaLagMinimum", kMilliseconds, kInstance, kAurora, kAuroraWriter, "", kLagMilliseconds, 60},
    {"AuroraSlowConnectionHandleCount", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "", kSmallCount, 60},
    {"AuroraSlowHandshakeCount", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "", kSmallCount, 60},
    {"BacktrackWindowActual", kCount, kInstance, kAuroraMySql, kAuroraWriter | kNotSimulated, "", kSmallCount, 60},
    {"BacktrackWindowAlert", kCount, kInstance, kAuroraMySql, kAuroraWriter | kNotSimulated, "", kSmallCount, 60},
    {"BlockedTransactions", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"BufferCacheHitRatio", kPercent, kInstance, kAurora, kAny, "", kHitRatio, 60},
    {"CommitLatency", kMilliseconds, kInstance, kAurora, kAny, "", kLatencyMilliseconds, 60},
    {"CommitThroughput", kCountPerSecond, kInstance, kAurora, kAny, "", kRate, 60},
    {"DDLLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"DDLThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"Deadlocks", kCountPerSecond, kInstance, kAurora, kAny, "", kRate, 60},
    {"DeleteLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"DeleteThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"DMLLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"DMLThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"EngineUptime", kSeconds, kInstance, kAurora, kAny, "", kUptime, 60},
    {"FreeEphemeralStorage", kBytes, kInstance, kAuroraPostgres, kAny, "", kLocalStorage, 60},
    // Every provisioned Aurora instance has local storage for temporary tables; RDS only on NVMe classes.
    {"FreeLocalStorage", kBytes, kInstance, kAurora, kProvisioned, "", kLocalStorage, 60},
    {"InsertLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"InsertThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"LoginFailures", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"NetworkThroughput", kBytesPerSecond, kInstance, kAurora, kAny, "", kNetwork, 60},
    {"NumBinaryLogFiles", kCount, kInstance, kAuroraMySql, kAny, "", kSmallCount, 60},
    {"PurgeBoundary", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kTransactionIds, 60},
    {"PurgeFinishedPoint", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kTransactionIds, 60},
    {"Queries", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"RDSToAuroraPostgreSQLReplicaLag", kSeconds, kInstance, kAuroraPostgres, kAuroraReader | kNotSimulated, "",
     kLagSeconds, 60},
    {"ReadIOPSEphemeralStorage", kCountPerSecond, kInstance, kAuroraPostgres, kAny, "", kIops, 60},
    {"ReadLatencyEphemeralStorage", kSeconds, kInstance, kAuroraPostgres, kAny, "", kLatencySeconds, 60},
    {"ReadThroughputEphemeralStorage", kBytesPerSecond, kInstance, kAuroraPostgres, kAny, "", kThroughput, 60},
    {"ResultSetCacheHitRatio", kPercent, kInstance, kAuroraMySql, kAuroraMySqlV2, "", kHitRatio, 60},
    {"RollbackSegmentHistoryListLength", kCount, kInstance, kAuroraMySql, kAny, "", kConnections, 60},
    {"RowLockTime", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"SelectLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"SelectThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"ServerlessDatabaseCapacity", kCount, kInstance, kAurora, kServerless, "", kCapacity, 60},
    {"StorageNetworkReceiveThroughput", kBytesPerSecond, kInstance, kAurora, kAny, "", kNetwork, 60},
    {"StorageNetworkThroughput", kBytesPerSecond, kInstance, kAurora, kAny, "", kNetwork, 60},
    {"StorageNetworkTransmitThroughput", kBytesPerSecond, kInstance, kAurora, kAny, "", kNetwork, 60},
    {"SumBinaryLogSize", kBytes, kInstance, kAuroraMySql, kAny, "", kLogBytes, 60},
    {"TempStorageIOPS", kCountPerSecond, kInstance, kAurora, kServerless, "", kIops, 60},
    {"TempStorageThroughput", kBytesPerSecond, kInstance, kAurora, kServerless, "", kThroughput, 60},
    {"TransactionAgeMaximum", kSeconds, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kLagSeconds, 60},
    {"TransactionLogsDiskUsage", kBytes, kInstance, kAuroraPostgres, kAuroraWriter, "", kLogBytes, 60},
    {"TruncateFinishedPoint", kCount, kInstance, kAuroraMySql, kAuroraMySqlV3, "3.08.0", kTransactionIds, 60},
    {"UpdateLatency", kMilliseconds, kInstance, kAuroraMySql, kAny, "", kLatencyMilliseconds, 60},
    {"UpdateThroughput", kCountPerSecond, kInstance, kAuroraMySql, kAny, "", kRate, 60},
    {"WriteIOPSEphemeralStorage", kCountPerSecond, kInstance, kAuroraPostgres, kAny, "", kIops, 60},
    {"WriteLatencyEphemeralStorage", kSeconds, kInstance, kAuroraPostgres, kAny, "", kLatencySeconds, 60},
    {"WriteThroughputEphemeralStorage", kBytesPerSecond, kInstance, kAuroraPostgres, kAny, "", kThroughput, 60},
};

struct EnginePrefix {
  std::string_view prefix;
  EngineFamily family;
};

// RDS engine names start with their family's: "oracle-ee-cdb", "custom-sqlserver-ee", "db2-se".
constexpr EnginePrefix kEnginePrefixes[] = {
    {"aurora-postgresql", EngineFamily::kAuroraPostgres},
    {"aurora-mysql", EngineFamily::kAuroraMySql},
    {"custom-sqlserver", EngineFamily::kSqlServer},
    {"custom-oracle", EngineFamily::kOracle},
    {"sqlserver", EngineFamily::kSqlServer},
    {"postgres", EngineFamily::kPostgres},
    {"mariadb", EngineFamily::kMariaDb},
    {"oracle", EngineFamily::kOracle},
    {"mysql", EngineFamily::kMySql},
    {"db2", EngineFamily::kDb2},
};

}  // namespace

std::optional<EngineFamily> engine_family(std::string_view engine) {
  for (const auto& [prefix, family] : kEnginePrefixes) {
    if (engine.starts_with(prefix)) return family;
  }
  return std::nullopt;
}

std::span<const MetricDefinition> metric_definitions() { return kMetrics; }

const MetricDefinition* find_metric(std::string_view name, MetricScope scope, EngineFamily family) {
  for (const MetricDefinition& metric : kMetrics) {
    if (metric.name == name && metric.scope == scope && (metric.engines & engine_set(family)) != 0) return &metric;
  }
  return nullptr;
}

bool is_rds_metric(std::string_view name) {
  return std::any_of(std::begin(kMetrics), std::end(kMetrics),
                     [&](const MetricDefinition& metric) { return metric.name == name; });
}

}  // namespace rds_exporter::sim::cloudwatch
