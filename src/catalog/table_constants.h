#pragma once

#include <string_view>

#include "catalog/engine_family.h"

// The vocabulary the catalog's tables (metric_catalog.cpp, os_metric_catalog.cpp, seed_metrics.cpp) are written
// in: for the catalog's own sources only, not part of its interface.
namespace rds_exporter::catalog {

// One engine family each, and Aurora's two.
inline constexpr EngineSet kMySql = engine_set(EngineFamily::mysql);
inline constexpr EngineSet kMariaDb = engine_set(EngineFamily::mariadb);
inline constexpr EngineSet kPostgres = engine_set(EngineFamily::postgres);
inline constexpr EngineSet kOracle = engine_set(EngineFamily::oracle);
inline constexpr EngineSet kSqlServer = engine_set(EngineFamily::sqlserver);
inline constexpr EngineSet kDb2 = engine_set(EngineFamily::db2);
inline constexpr EngineSet kAuroraMySql = engine_set(EngineFamily::aurora_mysql);
inline constexpr EngineSet kAuroraPostgres = engine_set(EngineFamily::aurora_postgres);
inline constexpr EngineSet kAurora = kAuroraMySql | kAuroraPostgres;

// CloudWatch StandardUnit names, which are also the base units Enhanced Monitoring's values are converted to.
inline constexpr std::string_view kPercent = "Percent";
inline constexpr std::string_view kBytes = "Bytes";
inline constexpr std::string_view kBytesPerSecond = "Bytes/Second";
inline constexpr std::string_view kCount = "Count";
inline constexpr std::string_view kCountPerSecond = "Count/Second";
inline constexpr std::string_view kSeconds = "Seconds";
inline constexpr std::string_view kMilliseconds = "Milliseconds";
inline constexpr std::string_view kNone = "None";

}  // namespace rds_exporter::catalog
