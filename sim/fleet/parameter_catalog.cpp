#include "sim/fleet/parameter_catalog.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace rds_exporter::sim {
namespace {

using P = ParameterDefinition;

constexpr std::string_view kEngineDefault = "engine-default";
constexpr std::string_view kSystem = "system";
constexpr std::string_view kStatic = "static";
constexpr std::string_view kDynamic = "dynamic";
constexpr std::string_view kBool01 = "0,1";

// max_connections (and Oracle's processes) as AWS ships them in the default groups.
constexpr std::string_view kMysqlMaxConnections = "{DBInstanceClassMemory/12582880}";
constexpr std::string_view kPostgresMaxConnections = "LEAST({DBInstanceClassMemory/9531392},5000)";
constexpr std::string_view kAuroraMysqlMaxConnections =
    "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})";
constexpr std::string_view kOracleProcesses = "LEAST({DBInstanceClassMemory/9868951},20000)";

// MySQL and MariaDB DB parameter groups; Aurora MySQL's instance-level group starts from these too.
constexpr P kMysqlCommon[] = {
    {"autocommit", "", "Sets the autocommit mode", kEngineDefault, kDynamic, "boolean", kBool01},
    {"binlog_cache_size", "32768",
     "The size of the cache to hold the SQL statements for the binary log during a transaction.", kEngineDefault,
     kDynamic, "integer", "4096-18446744073709547520"},
    {"character_set_server", "", "The server's default character set.", kEngineDefault, kDynamic, "string",
     "big5,dec8,cp850,hp8,koi8r,latin1,latin2,swe7,ascii,ujis,sjis,hebrew,tis620,euckr,koi8u,gb2312,greek,cp1250,gbk,"
     "latin5,armscii8,utf8,ucs2,cp866,keybcs2,macce,macroman,cp852,latin7,utf8mb4,cp1251,utf16,cp1256,cp1257,utf32,"
     "binary,geostd8,cp932,eucjpms"},
    {"connect_timeout", "",
     "The number of seconds the mysqld server waits for a connect packet before responding with Bad handshake.",
     kEngineDefault, kDynamic, "integer", "2-31536000"},
    {"event_scheduler", "", "Indicates the status of the Event Scheduler", kEngineDefault, kDynamic, "string",
     "ON,OFF"},
    {"general_log", "", "Whether the general query log is enabled", kEngineDefault, kDynamic, "boolean", kBool01},
    {"innodb_buffer_pool_size", "{DBInstanceClassMemory*3/4}",
     "The size in bytes of the memory buffer innodb uses to cache data and indexes of its tables", kSystem, kStatic,
     "integer", "5242880-18446744073709551615"},
    {"innodb_file_per_table", "1", "Use tablespaces or files for Innodb.", kEngineDefault, kDynamic, "boolean",
     kBool01},
    {"innodb_flush_log_at_trx_commit", "1", "Determines Innodb transaction durability", kEngineDefault, kDynamic,
     "integer", "0-2"},
    {"innodb_io_capacity", "200", "Number of I/O operations per second (IOPS) available to InnoDB background tasks",
     kEngineDefault, kDynamic, "integer", "100-18446744073709551615"},
    {"innodb_lock_wait_timeout", "",
     "Timeout in seconds an innodb transaction may wait for a row lock before giving up", kEngineDefault, kDynamic,
     "integer", "1-1073741824"},
    {"innodb_log_buffer_size", "8388608",
     "The size in bytes of the buffer that InnoDB uses to write to the log files on disk.", kEngineDefault, kStatic,
     "integer", "262144-4294967295"},
    {"innodb_log_file_size", "134217728", "Size of each log file in a log group.", kSystem, kStatic, "integer",
     "134217728-549755813888"},
    {"innodb_print_all_deadlocks", "", "Whether to print information about all deadlocks in the error log",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"interactive_timeout", "",
     "The number of seconds the server waits for activity on an interactive connection before closing it.",
     kEngineDefault, kDynamic, "integer", "1-31536000"},
    {"local_infile", "1", "Controls whether LOCAL is supported for LOAD DATA INFILE", kEngineDefault, kDynamic,
     "boolean", kBool01},
    {"log_bin_trust_function_creators", "", "Enforces restrictions on stored functions and triggers logging",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"log_output", "TABLE", "Controls where to store query logs", kSystem, kDynamic, "string", "TABLE,FILE,NONE"},
    {"long_query_time", "", "Defines what MySQL considers long queries", kEngineDefault, kDynamic, "float",
     "0-31536000"},
    {"max_allowed_packet", "",
     "This value by default is small, to catch large (possibly incorrect) packets. Must be increased if using large "
     "BLOB columns or long strings. As big as largest BLOB.",
     kEngineDefault, kDynamic, "integer", "1024-1073741824"},
    {"max_connections", kMysqlMaxConnections, "The number of simultaneous client connections allowed.", kSystem,
     kDynamic, "integer", "1-100000"},
    {"performance_schema", "", "Enables or disables the Performance Schema", kEngineDefault, kStatic, "boolean",
     kBool01},
    {"read_only", "{TrueIfReplica}",
     "When it is enabled, the server permits no updates except from updates performed by replication threads.", kSystem,
     kDynamic, "boolean", kBool01},
    {"slow_query_log", "", "Enable or disable the slow query log", kEngineDefault, kDynamic, "boolean", kBool01},
    {"sql_mode", "", "Current SQL Server Mode.", kEngineDefault, kDynamic, "list",
     "ALLOW_INVALID_DATES,ANSI_QUOTES,ERROR_FOR_DIVISION_BY_ZERO,HIGH_NOT_PRECEDENCE,IGNORE_SPACE,NO_AUTO_VALUE_ON_"
     "ZERO,NO_BACKSLASH_ESCAPES,NO_ENGINE_SUBSTITUTION,NO_UNSIGNED_SUBTRACTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,ONLY_FULL_"
     "GROUP_BY,PAD_CHAR_TO_FULL_LENGTH,PIPES_AS_CONCAT,REAL_AS_FLOAT,STRICT_ALL_TABLES,STRICT_TRANS_TABLES,ANSI,"
     "TRADITIONAL"},
    {"table_open_cache", "",
     "The number of open tables for all threads. Increasing this value increases the number of file descriptors that "
     "mysqld requires.",
     kEngineDefault, kDynamic, "integer", "1-524288"},
    {"thread_cache_size", "", "How many threads the server should cache for reuse.", kEngineDefault, kDynamic,
     "integer", "0-16384"},
    {"time_zone", "", "The time zone of the server.", kEngineDefault, kDynamic, "string",
     "Africa/Cairo,America/Los_Angeles,Asia/Seoul,Asia/Tokyo,Europe/London,UTC,US/Eastern,US/Pacific"},
    {"tmp_table_size", "",
     "If an in-memory temporary table exceeds this size, MySQL will automatically convert it to an on-disk MyISAM "
     "table",
     kEngineDefault, kDynamic, "integer", "1024-18446744073709551615"},
    {"transaction_isolation", "", "Sets the default transaction isolation level.", kEngineDefault, kDynamic, "string",
     "READ-UNCOMMITTED,READ-COMMITTED,REPEATABLE-READ,SERIALIZABLE"},
    {"wait_timeout", "",
     "The number of seconds the server waits for activity on a non-interactive TCP/IP or UNIX file connection before "
     "closing it.",
     kEngineDefault, kDynamic, "integer", "1-31536000"},
};

// Aurora MySQL's DB cluster parameter groups: what every instance of the cluster shares.
constexpr P kAuroraMysqlCluster[] = {
    {"aurora_binlog_replication_max_yield_seconds", "",
     "Controls the number of seconds that binary log dump thread waits up to for the current binlog file to be filled "
     "by transactions.",
     kEngineDefault, kDynamic, "integer", "0-36000"},
    {"aurora_disable_hash_join", "0", "Enables or disables hash join optimization.", kEngineDefault, kDynamic,
     "boolean", kBool01},
    {"aurora_enable_repl_bin_log_filtering", "1", "Enables filtering of replicated statements on the replica.",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"aurora_load_from_s3_role", "", "IAM role ARN used to load data from AWS S3", kEngineDefault, kDynamic, "string",
     ""},
    {"aurora_parallel_query", "", "This parameter can be used to enable and disable Aurora Parallel Query.",
     kEngineDefault, kDynamic, "boolean", "0,1"},
    {"aws_default_lambda_role", "", "IAM role ARN used to invoke AWS Lambda function", kEngineDefault, kDynamic,
     "string", ""},
    {"binlog_checksum", "", "Enable/disable binary log checksums", kEngineDefault, kDynamic, "string", "NONE,CRC32"},
    {"binlog_format", "OFF", "Binary logging format for replication", kSystem, kStatic, "string",
     "ROW,STATEMENT,MIXED,OFF"},
    {"binlog_row_image", "", "Whether to log full or minimal rows.", kEngineDefault, kDynamic, "string",
     "full,minimal,noblob"},
    {"character_set_client", "", "The character set for statements that arrive from the client.", kEngineDefault,
     kDynamic, "string", "big5,latin1,utf8,utf8mb4,ascii,binary"},
    {"character_set_connection", "",
     "The character set used for literals that do not have a character set introducer and for number-to-string "
     "conversion.",
     kEngineDefault, kDynamic, "string", "big5,latin1,utf8,utf8mb4,ascii,binary"},
    {"character_set_database", "utf8mb4", "The character set used by the default database.", kEngineDefault, kDynamic,
     "string", "big5,latin1,utf8,utf8mb4,ascii,binary"},
    {"character_set_server", "", "The server's default character set.", kEngineDefault, kDynamic, "string",
     "big5,latin1,utf8,utf8mb4,ascii,binary"},
    {"collation_server", "", "The server's default collation.", kEngineDefault, kDynamic, "string",
     "utf8mb4_0900_ai_ci,utf8mb4_general_ci,utf8mb4_bin,latin1_swedish_ci"},
    {"enforce_gtid_consistency", "",
     "Prevents execution of statements that cannot be logged in a transactionally safe manner", kEngineDefault, kStatic,
     "string", "OFF,ON,WARN"},
    {"gtid-mode", "", "Controls whether GTID based logging is enabled and what type of transactions logs can contain",
     kEngineDefault, kStatic, "string", "OFF,OFF_PERMISSIVE,ON_PERMISSIVE,ON"},
    {"innodb_autoinc_lock_mode", "", "The locking mode to use for generating auto-increment values", kEngineDefault,
     kStatic, "integer", "0-2"},
    {"lower_case_table_names", "",
     "If set to 0, table names are stored as specified and comparisons are case sensitive.", kEngineDefault, kStatic,
     "integer", "0,1"},
    {"server_audit_events", "", "If set it specifies the set of types of events to log.", kEngineDefault, kDynamic,
     "list", "CONNECT,QUERY,QUERY_DCL,QUERY_DDL,QUERY_DML,TABLE"},
    {"server_audit_logging", "", "Enables or disables audit logging.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"server_id", "{AuroraServerId}", "Server identifier for replication", kSystem, kStatic, "integer", "1-4294967295",
     false},
    {"time_zone", "", "The time zone of the server.", kEngineDefault, kDynamic, "string",
     "Asia/Seoul,Asia/Tokyo,Europe/London,UTC,US/Eastern,US/Pacific"},
    {"tls_version", "TLSv1.2,TLSv1.3", "Protocols the server permits for encrypted connections.", kEngineDefault,
     kStatic, "list", "TLSv1.2,TLSv1.3"},
};

// Aurora MySQL's DB parameter groups replace these of MySQL's.
constexpr P kAuroraMysqlInstance[] = {
    {"aurora_read_replica_read_committed", "", "Enables READ COMMITTED isolation level on Aurora Replicas.",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"aurora_use_vector_instructions", "", "Enables SIMD instructions for query processing.", kEngineDefault, kDynamic,
     "boolean", kBool01},
    {"innodb_buffer_pool_size", "{DBInstanceClassMemory*3/4}",
     "The size in bytes of the memory buffer innodb uses to cache data and indexes of its tables", kSystem, kStatic,
     "integer", "0-18446744073709551615"},
    {"max_connections", kAuroraMysqlMaxConnections, "The number of simultaneous client connections allowed.", kSystem,
     kDynamic, "integer", "1-16000"},
};

// PostgreSQL DB parameter groups; Aurora PostgreSQL's instance-level group has the same.
constexpr P kPostgresCommon[] = {
    {"autovacuum", "1", "Starts the autovacuum subprocess.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"autovacuum_max_workers", "GREATEST({DBInstanceClassMemory/64371566592},3)",
     "Sets the maximum number of simultaneously running autovacuum worker processes.", kSystem, kStatic, "integer",
     "1-262143"},
    {"autovacuum_naptime", "15", "Time to sleep between autovacuum runs.", kSystem, kDynamic, "integer", "1-2147483"},
    {"autovacuum_vacuum_cost_limit", "GREATEST({log(DBInstanceClassMemory/21474836480)*600},200)",
     "Vacuum cost amount available before napping, for autovacuum.", kSystem, kDynamic, "integer", "-1-10000"},
    {"checkpoint_timeout", "300", "Sets the maximum time between automatic WAL checkpoints.", kSystem, kDynamic,
     "integer", "30-86400"},
    {"default_statistics_target", "", "Sets the default statistics target.", kEngineDefault, kDynamic, "integer",
     "1-10000"},
    {"effective_cache_size", "{DBInstanceClassMemory/16384}",
     "Sets the planner's assumption about the size of the disk cache.", kSystem, kDynamic, "integer", "1-2147483647"},
    {"idle_in_transaction_session_timeout", "86400000", "Sets the maximum allowed duration of any idling transaction.",
     kSystem, kDynamic, "integer", "0-2147483647"},
    {"log_autovacuum_min_duration", "10000",
     "Sets the minimum execution time above which autovacuum actions will be logged.", kSystem, kDynamic, "integer",
     "-1-2147483647"},
    {"log_connections", "", "Logs each successful connection.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"log_min_duration_statement", "", "Sets the minimum execution time above which statements will be logged.",
     kEngineDefault, kDynamic, "integer", "-1-2147483647"},
    {"log_statement", "", "Sets the type of statements logged.", kEngineDefault, kDynamic, "string",
     "none,ddl,mod,all"},
    {"maintenance_work_mem", "GREATEST({DBInstanceClassMemory*1024/63963136},65536)",
     "Sets the maximum memory to be used for maintenance operations.", kSystem, kDynamic, "integer", "1024-2147483647"},
    {"max_connections", kPostgresMaxConnections, "Sets the maximum number of concurrent connections.", kSystem, kStatic,
     "integer", "6-262143"},
    {"max_locks_per_transaction", "64", "Sets the maximum number of locks per transaction.", kSystem, kStatic,
     "integer", "10-2147483647"},
    {"max_parallel_workers", "GREATEST(${DBInstanceVCPU/2},8)",
     "Sets the maximum number of parallel workers that can be active at one time.", kSystem, kDynamic, "integer",
     "0-1024"},
    {"max_replication_slots", "20", "Sets the maximum number of replication slots that the server can support.",
     kSystem, kStatic, "integer", "5-262143"},
    {"max_wal_senders", "20", "Sets the maximum number of simultaneously running WAL sender processes.", kSystem,
     kStatic, "integer", "5-262143"},
    {"max_wal_size", "2048", "Sets the WAL size that triggers a checkpoint.", kSystem, kDynamic, "integer",
     "2-2147483647"},
    {"random_page_cost", "", "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.",
     kEngineDefault, kDynamic, "real", "0-2147483647"},
    {"rds.force_ssl", "1", "Force SSL connections.", kSystem, kDynamic, "boolean", kBool01},
    {"rds.logical_replication", "0", "Enables logical decoding.", kSystem, kStatic, "boolean", kBool01},
    {"shared_buffers", "{DBInstanceClassMemory/32768}", "Sets the number of shared memory buffers used by the server.",
     kSystem, kStatic, "integer", "16-1073741823"},
    {"shared_preload_libraries", "pg_stat_statements", "Lists shared libraries to preload into server.", kSystem,
     kStatic, "list", "auto_explain,orafce,pgaudit,pglogical,pg_cron,pg_hint_plan,pg_stat_statements,pg_tle"},
    {"ssl", "1", "Enables SSL connections.", kSystem, kDynamic, "boolean", kBool01, false},
    {"statement_timeout", "", "Sets the maximum allowed duration of any statement.", kEngineDefault, kDynamic,
     "integer", "0-2147483647"},
    {"timezone", "", "Sets the time zone for displaying and interpreting time stamps.", kEngineDefault, kDynamic,
     "string", "Asia/Seoul,Asia/Tokyo,Europe/London,UTC,US/Eastern,US/Pacific"},
    {"track_io_timing", "1", "Collects timing statistics for database I/O activity.", kSystem, kDynamic, "boolean",
     kBool01},
    {"wal_buffers", "", "Sets the number of disk-page buffers in shared memory for WAL.", kEngineDefault, kStatic,
     "integer", "-1-262143"},
    {"work_mem", "", "Sets the maximum memory to be used for query workspaces.", kEngineDefault, kDynamic, "integer",
     "64-2147483647"},
};

// Aurora PostgreSQL's DB cluster parameter groups.
constexpr P kAuroraPostgresCluster[] = {
    {"apg_plan_mgmt.capture_plan_baselines", "", "Capture query plan baselines.", kEngineDefault, kDynamic, "string",
     "automatic,manual,off"},
    {"apg_plan_mgmt.use_plan_baselines", "", "Use only approved or fixed plans for managed statements.", kEngineDefault,
     kDynamic, "boolean", kBool01},
    {"array_nulls", "", "Enable input of NULL elements in arrays.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"aurora_compute_plan_id", "", "Computes query plan identifiers.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"aurora.enhanced_logical_replication", "", "Enhanced logical replication.", kEngineDefault, kStatic, "boolean",
     kBool01},
    {"client_encoding", "UTF8", "Sets the clients character set encoding.", kEngineDefault, kDynamic, "string",
     "BIG5,EUC_JP,EUC_KR,LATIN1,SQL_ASCII,UTF8,WIN1252"},
    {"datestyle", "", "Sets the display format for date and time values.", kEngineDefault, kDynamic, "string", ""},
    {"default_transaction_isolation", "", "Sets the transaction isolation level of each new transaction.",
     kEngineDefault, kDynamic, "string", "serializable,repeatable read,read committed,read uncommitted"},
    {"extra_float_digits", "", "Sets the number of digits displayed for floating-point values.", kEngineDefault,
     kDynamic, "integer", "-15-3"},
    {"lc_messages", "", "Sets the language in which messages are displayed.", kEngineDefault, kDynamic, "string", ""},
    {"log_rotation_age", "60", "Automatic log file rotation will occur after N minutes.", kSystem, kDynamic, "integer",
     "1-1440"},
    {"max_logical_replication_workers", "", "Maximum number of logical replication worker processes.", kEngineDefault,
     kStatic, "integer", "0-262143"},
    {"pgaudit.log", "", "Specifies which classes of statements will be logged by session audit logging.",
     kEngineDefault, kDynamic, "list", "ddl,function,misc,read,role,write,none,all"},
    {"rds.accepted_password_auth_method", "md5+scram",
     "Force authentication for connections with password stored locally.", kSystem, kDynamic, "string",
     "md5+scram,scram"},
    {"rds.force_admin_logging_level", "", "Logs actions by the RDS admin user in customer databases.", kEngineDefault,
     kDynamic, "string", "disabled,debug5,debug4,debug3,debug2,debug1,info,notice,warning,error,log,fatal,panic"},
    {"rds.force_ssl", "1", "Force SSL connections.", kSystem, kDynamic, "boolean", kBool01},
    {"rds.logical_replication", "0", "Enables logical decoding.", kSystem, kStatic, "boolean", kBool01},
    {"rds.restrict_password_commands", "", "Restricts password-related commands to members of rds_password.",
     kEngineDefault, kStatic, "boolean", kBool01},
    {"session_replication_role", "", "Sets the sessions behavior for triggers and rewrite rules.", kEngineDefault,
     kDynamic, "string", "origin,replica,local"},
    {"ssl_min_protocol_version", "TLSv1.2", "Sets the minimum SSL/TLS protocol version to use.", kSystem, kDynamic,
     "string", "TLSv1,TLSv1.1,TLSv1.2,TLSv1.3"},
    {"synchronous_commit", "", "Sets the current transactions synchronization level.", kEngineDefault, kDynamic,
     "string", "local,on,off"},
    {"timezone", "", "Sets the time zone for displaying and interpreting time stamps.", kEngineDefault, kDynamic,
     "string", "Asia/Seoul,Asia/Tokyo,Europe/London,UTC,US/Eastern,US/Pacific"},
};

constexpr P kSqlServer[] = {
    {"1204", "", "Trace flag 1204: returns the resources and types of locks participating in a deadlock.",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"1222", "", "Trace flag 1222: returns deadlock information in an XML format.", kEngineDefault, kDynamic, "boolean",
     kBool01},
    {"3604", "", "Trace flag 3604: sends trace output to the client.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"access check cache bucket count", "0", "Number of buckets used for the access check result security cache.",
     kEngineDefault, kDynamic, "integer", "0-65536"},
    {"ad hoc distributed queries", "0", "Enable or disable Ad Hoc Distributed Queries.", kEngineDefault, kDynamic,
     "boolean", kBool01},
    {"backup compression default", "0", "Default setting for backup compression.", kEngineDefault, kDynamic, "boolean",
     kBool01},
    {"blocked process threshold (s)", "0", "Threshold, in seconds, at which blocked process reports are generated.",
     kEngineDefault, kDynamic, "integer", "0,5-86400"},
    {"clr enabled", "0", "Enable or disable CLR integration.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"contained database authentication", "0", "Enable or disable contained databases.", kEngineDefault, kDynamic,
     "boolean", kBool01},
    {"cost threshold for parallelism", "5", "Threshold at which SQL Server creates and runs parallel plans.",
     kEngineDefault, kDynamic, "integer", "0-32767"},
    {"cursor threshold", "-1", "Number of rows in the cursor set at which cursor keysets are generated asynchronously.",
     kEngineDefault, kDynamic, "integer", "-1-2147483647"},
    {"database mail xps", "0", "Enable or disable Database Mail.", kEngineDefault, kDynamic, "boolean", kBool01},
    {"default full-text language", "1033", "Default language value for full-text indexed columns.", kEngineDefault,
     kDynamic, "integer", "0-2147483647"},
    {"fill factor (%)", "0", "Default fill factor for indexes.", kEngineDefault, kStatic, "integer", "0-100"},
    {"index create memory (kb)", "0", "Maximum amount of memory allocated for creating indexes.", kEngineDefault,
     kDynamic, "integer", "704-2147483647"},
    {"locks", "0", "Maximum number of available locks.", kEngineDefault, kStatic, "integer", "5000-2147483647"},
    {"max degree of parallelism", "0", "Limits the number of processors to use in parallel plan execution.",
     kEngineDefault, kDynamic, "integer", "0-32767"},
    {"max server memory (mb)", "{DBInstanceClassMemory/1048576}", "Maximum amount of memory for the buffer pool.",
     kSystem, kDynamic, "integer", "128-2147483647"},
    {"optimize for ad hoc workloads", "0", "Improve the efficiency of the plan cache for ad hoc batches.",
     kEngineDefault, kDynamic, "boolean", kBool01},
    {"query wait (s)", "-1", "Time in seconds a query waits for resources before timing out.", kEngineDefault, kDynamic,
     "integer", "-1-2147483647"},
    {"remote query timeout (s)", "600", "How long, in seconds, a remote operation can take before timing out.",
     kEngineDefault, kDynamic, "integer", "0-2147483647"},
    {"rds.force_ssl", "0", "Force SSL connections.", kSystem, kStatic, "boolean", kBool01},
    {"user connections", "0", "Maximum number of simultaneous user connections (0: as many as SQL Server allows).",
     kEngineDefault, kStatic, "integer", "0-32767"},
};

constexpr P kOracle[] = {
    {"_allow_level_without_connect_by", "", "Allow level without connect by.", kEngineDefault, kDynamic, "boolean",
     "TRUE,FALSE"},
    {"archive_lag_target", "300", "Maximum number of seconds of redos the standby could lose.", kSystem, kDynamic,
     "integer", "0,60-7200"},
    {"audit_file_dest", "/rdsdbdata/admin/{dbName}/adump", "Directory in which auditing files are to reside.", kSystem,
     kStatic, "string", "", false},
    {"audit_trail", "", "Enables or disables auditing.", kEngineDefault, kStatic, "string",
     "os,db,none,true,false,db_extended,xml,extended"},
    {"compatible", "19.0.0", "Database will be completely compatible with this software version.", kSystem, kStatic,
     "string", "", false},
    {"control_file_record_keep_time", "7", "Control file record keep time in days.", kSystem, kDynamic, "integer",
     "0-365"},
    {"db_block_size", "8192", "Size of database block in bytes.", kSystem, kStatic, "integer", "", false},
    {"db_cache_size", "", "Size of DEFAULT buffer pool for standard block size buffers.", kEngineDefault, kDynamic,
     "integer", "0-2199023255552"},
    {"db_name", "{dbName}", "Database name specified in CREATE DATABASE.", kSystem, kStatic, "string", "", false},
    {"enable_pluggable_database", "", "Enable pluggable database.", kEngineDefault, kStatic, "boolean", "TRUE,FALSE",
     false},
    {"filesystemio_options", "setall", "IO operations on filesystem files.", kSystem, kStatic, "string",
     "asynch,directio,setall,none"},
    {"job_queue_processes", "1000", "Maximum number of job queue slave processes.", kSystem, kDynamic, "integer",
     "0-1000"},
    {"log_archive_format", "-%s-%t-%r.arc", "Archive log file name format.", kSystem, kStatic, "string", "", false},
    {"memory_max_target", "IF({DBInstanceClassHugePagesDefault}, 0, {DBInstanceClassMemory*3/4})",
     "Maximum memory target.", kSystem, kStatic, "integer", "0-3775922176000"},
    {"memory_target", "IF({DBInstanceClassHugePagesDefault}, 0, {DBInstanceClassMemory*3/4})",
     "Target size of Oracle SGA and PGA memory.", kSystem, kDynamic, "integer", "0-3775922176000"},
    {"open_cursors", "300", "Maximum number of cursors per session.", kSystem, kDynamic, "integer", "0-65535"},
    {"pga_aggregate_target", "IF({DBInstanceClassHugePagesDefault}, {DBInstanceClassMemory*1/8}, 0)",
     "Target size for the aggregate PGA memory.", kSystem, kDynamic, "integer", "0-3775922176000"},
    {"processes", kOracleProcesses, "User processes.", kSystem, kStatic, "integer", "80-20000"},
    {"recyclebin", "OFF", "Recyclebin processing.", kSystem, kStatic, "string", "ON,OFF"},
    {"sessions", "", "User and system sessions.", kEngineDefault, kStatic, "integer", "1-65536"},
    {"sga_target", "IF({DBInstanceClassHugePagesDefault}, {DBInstanceClassMemory*3/4}, 0)", "Target size of SGA.",
     kSystem, kDynamic, "integer", "0-3775922176000"},
    {"undo_retention", "900", "Undo retention in seconds.", kSystem, kDynamic, "integer", "0-2147483647"},
    {"use_large_pages", "{DBInstanceClassHugePagesDefault}", "Use large pages if available.", kSystem, kStatic,
     "string", "TRUE,FALSE,ONLY"},
};

constexpr P kNeptune[] = {
    {"neptune_dfe_query_engine", "viaQueryHint", "Controls the use of the DFE query engine.", kSystem, kStatic,
     "string", "enabled,viaQueryHint"},
    {"neptune_query_timeout", "120000", "Graph query timeout (ms).", kSystem, kDynamic, "integer", "10-2147483647"},
    {"neptune_result_cache", "0", "Enables the results cache.", kSystem, kStatic, "boolean", kBool01},
};
constexpr P kNeptuneCluster[] = {
    {"neptune_audit_log", "0", "Enable audit logs.", kSystem, kDynamic, "boolean", kBool01},
    {"neptune_enable_audit_log", "0", "Enable audit logs.", kSystem, kDynamic, "boolean", kBool01},
    {"neptune_enforce_ssl", "1", "Enforce SSL connections.", kSystem, kStatic, "boolean", kBool01},
    {"neptune_lab_mode", "", "Enables Neptune engine experimental features.", kEngineDefault, kStatic, "string", ""},
    {"neptune_query_timeout", "120000", "Graph query timeout (ms).", kSystem, kDynamic, "integer", "10-2147483647"},
    {"neptune_streams", "0", "Enables Neptune streams.", kSystem, kDynamic, "boolean", kBool01},
};
constexpr P kDocdb[] = {
    {"audit_logs", "disabled", "Enables auditing on cluster.", kSystem, kDynamic, "string",
     "enabled,disabled,ddl,dml_read,dml_write,all,none"},
    {"change_stream_log_retention_duration", "10800",
     "Duration of time in seconds that the change stream log is retained.", kSystem, kDynamic, "integer",
     "3600-604800"},
    {"profiler", "disabled", "Enables profiling for slow operations.", kSystem, kDynamic, "string", "enabled,disabled"},
    {"profiler_threshold_ms", "100", "Operations longer than profiler_threshold_ms will be logged.", kSystem, kDynamic,
     "integer", "50-2147483646"},
    {"tls", "enabled", "Config to enable/disable TLS.", kSystem, kStatic, "string",
     "disabled,enabled,fips-140-3,tls1.2+,tls1.3+"},
    {"ttl_monitor", "enabled", "Enables TTL Monitoring.", kSystem, kDynamic, "string", "disabled,enabled"},
};
constexpr P kDb2[] = {
    {"db2comm", "TCPIP", "Communication protocols.", kSystem, kStatic, "string", "TCPIP,SSL"},
    {"instance_memory", "AUTOMATIC", "Instance memory.", kSystem, kDynamic, "string", ""},
    {"max_connections", "AUTOMATIC", "Maximum number of client connections.", kSystem, kDynamic, "string", ""},
};

std::vector<P> merged(std::span<const P> base, std::span<const P> overrides) {
  std::vector<P> out(base.begin(), base.end());
  for (const P& p : overrides) {
    const auto it = std::find_if(out.begin(), out.end(), [&](const P& q) { return q.name == p.name; });
    if (it != out.end()) {
      *it = p;
    } else {
      out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end(), [](const P& a, const P& b) { return a.name < b.name; });
  return out;
}

struct FamilyVersions {
  std::string_view prefix;
  std::vector<std::string_view> versions;
  bool clusters;  // has DB cluster parameter groups
};

// The families RDS has, by engine: what parameter_group_family() gives for the engine catalog's versions and the
// other supported major versions.
const std::vector<FamilyVersions>& family_versions() {
  static const std::vector<FamilyVersions> families = {
      {"mysql", {"5.7", "8.0", "8.4"}, true},
      {"postgres", {"11", "12", "13", "14", "15", "16", "17"}, true},
      {"mariadb", {"10.4", "10.5", "10.6", "10.11", "11.4"}, false},
      {"aurora-mysql", {"5.7", "8.0"}, true},
      {"aurora-postgresql", {"11", "12", "13", "14", "15", "16"}, true},
      {"oracle-ee-", {"19", "21"}, false},
      {"oracle-ee-cdb-", {"19", "21"}, false},
      {"oracle-se2-", {"19", "21"}, false},
      {"oracle-se2-cdb-", {"19", "21"}, false},
      {"sqlserver-ee-", {"14.0", "15.0", "16.0"}, false},
      {"sqlserver-se-", {"14.0", "15.0", "16.0"}, false},
      {"sqlserver-ex-", {"14.0", "15.0", "16.0"}, false},
      {"sqlserver-web-", {"14.0", "15.0", "16.0"}, false},
      {"sqlserver-dev-ee-", {"14.0", "15.0", "16.0"}, false},
      {"db2-ae-", {"11.5"}, false},
      {"db2-ce-", {"11.5"}, false},
      {"db2-se-", {"11.5"}, false},
      {"neptune", {"1.2", "1.3"}, true},
      {"docdb", {"4.0", "5.0"}, true},
  };
  return families;
}

std::optional<std::vector<P>> build(std::string_view family, bool cluster) {
  const FamilyVersions* found = nullptr;
  for (const auto& candidate : family_versions()) {
    for (const auto version : candidate.versions) {
      if (family.size() == candidate.prefix.size() + version.size() && family.starts_with(candidate.prefix) &&
          family.ends_with(version)) {
        found = &candidate;
      }
    }
  }
  if (found == nullptr || (cluster && !found->clusters)) return std::nullopt;
  const std::string_view engine = found->prefix;
  const auto sorted = [](std::span<const P> rows) { return merged(rows, {}); };
  if (engine == "aurora-mysql")
    return cluster ? sorted(kAuroraMysqlCluster) : merged(kMysqlCommon, kAuroraMysqlInstance);
  if (engine == "aurora-postgresql") return cluster ? sorted(kAuroraPostgresCluster) : sorted(kPostgresCommon);
  if (engine == "mysql" || engine == "mariadb") return sorted(kMysqlCommon);
  if (engine == "postgres") return sorted(kPostgresCommon);
  if (engine.starts_with("oracle")) return sorted(kOracle);
  if (engine.starts_with("sqlserver")) return sorted(kSqlServer);
  if (engine.starts_with("db2")) return sorted(kDb2);
  if (engine == "neptune") return cluster ? sorted(kNeptuneCluster) : sorted(kNeptune);
  return sorted(kDocdb);
}

}  // namespace

std::optional<std::span<const ParameterDefinition>> family_defaults(std::string_view family, bool cluster) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, bool>, std::optional<std::vector<P>>> built;
  const std::lock_guard lock(mutex);
  auto [it, inserted] = built.try_emplace({std::string(family), cluster});
  if (inserted) it->second = build(family, cluster);
  if (!it->second) return std::nullopt;
  return std::span<const P>(*it->second);
}

std::vector<std::string> parameter_group_families() {
  std::vector<std::string> names;
  for (const auto& family : family_versions()) {
    for (const auto version : family.versions) names.push_back(std::string(family.prefix) + std::string(version));
  }
  return names;
}

}  // namespace rds_exporter::sim
