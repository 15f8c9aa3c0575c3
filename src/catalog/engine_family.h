#pragma once

#include <optional>
#include <string_view>

namespace rds_exporter::catalog {

// The engine families whose CloudWatch metrics differ (docs/metric-catalog.md#engine-families), as bits of an
// EngineSet.
enum class EngineFamily : unsigned {
  mysql = 1u << 0,
  mariadb = 1u << 1,
  postgres = 1u << 2,
  oracle = 1u << 3,
  sqlserver = 1u << 4,
  db2 = 1u << 5,
  aurora_mysql = 1u << 6,
  aurora_postgres = 1u << 7,
};
using EngineSet = unsigned;

constexpr EngineSet engine_set(EngineFamily family) { return static_cast<EngineSet>(family); }

// The family of an RDS engine name as DescribeDBInstances reports it ("postgres", "aurora-mysql", "aurora"
// (Aurora MySQL 1), "oracle-ee-cdb", "custom-sqlserver-ee", "db2-se", ...). nullopt for Neptune ("neptune")
// and DocumentDB ("docdb"), which DescribeDBInstances also lists but which publish to AWS/Neptune and
// AWS/DocDB, and for any engine AWS adds later that this catalog does not know.
std::optional<EngineFamily> engine_family(std::string_view engine);

bool is_aurora(EngineFamily family);

// "mysql", "aurora-postgresql", ...: the family's canonical name, for logs and the README.
std::string_view family_name(EngineFamily family);

}  // namespace rds_exporter::catalog
