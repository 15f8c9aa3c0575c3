#pragma once

#include "sim/fleet/fleet.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace rds_exporter::sim::logs {

// The OS an instance's Enhanced Monitoring documents describe, by engine: Linux engines (MySQL, MariaDB,
// PostgreSQL, Oracle, Db2), Aurora MySQL and Aurora PostgreSQL (Linux with Aurora's storage), SQL Server (Windows).
enum class OsSchema { kLinux, kAurora, kWindows };

OsSchema os_schema(std::string_view engine);

// The document's "engine": MYSQL, MARIADB, POSTGRES, ORACLE, DB2, Aurora (aurora-mysql), aurora-postgresql,
// SQLSERVER.
std::string_view os_metrics_engine(std::string_view engine);

// The Enhanced Monitoring document `instance` writes for the sample taken at `timestamp` (epoch seconds), as the
// compact JSON text of a log event's message, in the schema of AWS's "OS metrics in Enhanced Monitoring" page for
// the instance's OS (sim/README.md lists the members). A pure function of (instance, timestamp): the instance's
// DbiResourceId, identifier, engine, class, allocated storage and creation time, and the time; every value moves
// smoothly with time plus a little hashed noise, and the parts add up (CPU modes to 100 %, free <= total, used +
// available = total, a task total that is the sum of its states).
std::string os_metrics_document(const DbInstance& instance, std::int64_t timestamp);

}  // namespace rds_exporter::sim::logs
