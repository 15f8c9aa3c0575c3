#include "catalog/engine_family.h"

#include <array>

namespace rds_exporter::catalog {
namespace {

struct ExactEngine {
  std::string_view engine;
  EngineFamily family;
};

// "aurora" is Aurora MySQL 1 (MySQL 5.6 compatible), which CloudWatch treats as Aurora MySQL.
constexpr std::array kExactEngines{
    ExactEngine{"mysql", EngineFamily::mysql},         ExactEngine{"mariadb", EngineFamily::mariadb},
    ExactEngine{"postgres", EngineFamily::postgres},   ExactEngine{"aurora-mysql", EngineFamily::aurora_mysql},
    ExactEngine{"aurora", EngineFamily::aurora_mysql}, ExactEngine{"aurora-postgresql", EngineFamily::aurora_postgres},
};

struct EditionPrefix {
  std::string_view prefix;
  EngineFamily family;
};

// Oracle, SQL Server and Db2 come in editions ("oracle-ee-cdb", "sqlserver-web", "db2-ae") and as RDS Custom
// ("custom-oracle-ee", "custom-sqlserver-dev"); every edition publishes the same metrics, so a new edition
// is recognised without a catalog change.
constexpr std::array kEditionPrefixes{
    EditionPrefix{"oracle-", EngineFamily::oracle},
    EditionPrefix{"custom-oracle-", EngineFamily::oracle},
    EditionPrefix{"sqlserver-", EngineFamily::sqlserver},
    EditionPrefix{"custom-sqlserver-", EngineFamily::sqlserver},
    EditionPrefix{"db2-", EngineFamily::db2},
};

}  // namespace

std::optional<EngineFamily> engine_family(std::string_view engine) {
  for (const ExactEngine& known : kExactEngines) {
    if (engine == known.engine) return known.family;
  }
  for (const EditionPrefix& known : kEditionPrefixes) {
    if (engine.size() > known.prefix.size() && engine.starts_with(known.prefix)) return known.family;
  }
  return std::nullopt;
}

bool is_aurora(EngineFamily family) {
  return family == EngineFamily::aurora_mysql || family == EngineFamily::aurora_postgres;
}

std::string_view family_name(EngineFamily family) {
  switch (family) {
    case EngineFamily::mysql:
      return "mysql";
    case EngineFamily::mariadb:
      return "mariadb";
    case EngineFamily::postgres:
      return "postgres";
    case EngineFamily::oracle:
      return "oracle";
    case EngineFamily::sqlserver:
      return "sqlserver";
    case EngineFamily::db2:
      return "db2";
    case EngineFamily::aurora_mysql:
      return "aurora-mysql";
    case EngineFamily::aurora_postgres:
      return "aurora-postgresql";
  }
  return "unknown";
}

}  // namespace rds_exporter::catalog
