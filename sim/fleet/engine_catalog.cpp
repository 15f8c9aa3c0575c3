#include "sim/fleet/engine_catalog.h"

#include <algorithm>
#include <array>
#include <string>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kMysqlVersions[] = {"8.4.3", "8.0.39", "8.0.36", "8.0.35", "5.7.44-rds.20240808"};
constexpr std::string_view kPostgresVersions[] = {"17.2", "16.4", "16.3", "15.7", "14.12", "13.15"};
constexpr std::string_view kMariadbVersions[] = {"11.4.3", "10.11.9", "10.11.8", "10.6.18"};
constexpr std::string_view kAuroraMysqlVersions[] = {"8.0.mysql_aurora.3.07.1", "8.0.mysql_aurora.3.05.2",
                                                     "8.0.mysql_aurora.3.04.3", "5.7.mysql_aurora.2.12.2"};
constexpr std::string_view kAuroraPostgresVersions[] = {"16.4", "16.2", "15.6", "14.11", "13.14"};
constexpr std::string_view kOracleVersions[] = {"19.0.0.0.ru-2024-07.rur-2024-07.r1",
                                                "19.0.0.0.ru-2024-04.rur-2024-04.r1"};
constexpr std::string_view kOracleCdbVersions[] = {"21.0.0.0.ru-2024-07.rur-2024-07.r1"};
constexpr std::string_view kSqlServerVersions[] = {"16.00.4135.4.v1", "15.00.4385.2.v1", "14.00.3465.1.v1"};
constexpr std::string_view kNeptuneVersions[] = {"1.3.2.1", "1.3.1.0", "1.2.1.1"};
constexpr std::string_view kDocdbVersions[] = {"5.0.0", "4.0.0"};
constexpr std::string_view kDb2Versions[] = {"11.5.9.0.sb00000000.r1"};
constexpr std::string_view kCustomOracleVersions[] = {"19.c.ee.002"};
constexpr std::string_view kCustomSqlServerVersions[] = {"15.00.4322.2.v1"};

constexpr std::string_view kGeneralClasses[] = {"db.t3.micro",  "db.t3.medium",  "db.t4g.medium",  "db.t4g.large",
                                                "db.m5.large",  "db.m6g.large",  "db.m6g.xlarge",  "db.m7g.large",
                                                "db.r6g.large", "db.r6g.xlarge", "db.r6i.2xlarge", "db.r7g.xlarge"};
constexpr std::string_view kAuroraClasses[] = {"db.t4g.medium",  "db.r6g.large", "db.r6g.xlarge",
                                               "db.r6g.2xlarge", "db.r7g.large", "db.r7g.xlarge",
                                               "db.r7g.4xlarge", "db.r6i.large", "db.serverless"};
constexpr std::string_view kCommercialClasses[] = {"db.m5.large",  "db.m5.xlarge",  "db.r5.large",
                                                   "db.r5.xlarge", "db.r6i.xlarge", "db.r6i.2xlarge"};
constexpr std::string_view kSqlServerExpressClasses[] = {"db.t3.small", "db.t3.medium"};
constexpr std::string_view kGraphAndDocumentClasses[] = {"db.t4g.medium", "db.r6g.large", "db.r6g.xlarge",
                                                         "db.r5.large"};

constexpr std::array kEngines = {
    EngineInfo{"mysql", false, 3306, "general-public-license", "admin", kMysqlVersions, kGeneralClasses},
    EngineInfo{"postgres", false, 5432, "postgresql-license", "postgres", kPostgresVersions, kGeneralClasses},
    EngineInfo{"mariadb", false, 3306, "general-public-license", "admin", kMariadbVersions, kGeneralClasses},
    EngineInfo{"aurora-mysql", true, 3306, "general-public-license", "admin", kAuroraMysqlVersions, kAuroraClasses},
    EngineInfo{"aurora-postgresql", true, 5432, "postgresql-license", "postgres", kAuroraPostgresVersions,
               kAuroraClasses},
    EngineInfo{"oracle-ee", false, 1521, "bring-your-own-license", "admin", kOracleVersions, kCommercialClasses},
    EngineInfo{"oracle-ee-cdb", false, 1521, "bring-your-own-license", "admin", kOracleCdbVersions, kCommercialClasses},
    EngineInfo{"oracle-se2", false, 1521, "license-included", "admin", kOracleVersions, kCommercialClasses},
    EngineInfo{"oracle-se2-cdb", false, 1521, "license-included", "admin", kOracleCdbVersions, kCommercialClasses},
    EngineInfo{"sqlserver-ee", false, 1433, "license-included", "admin", kSqlServerVersions, kCommercialClasses},
    EngineInfo{"sqlserver-se", false, 1433, "license-included", "admin", kSqlServerVersions, kCommercialClasses},
    EngineInfo{"sqlserver-ex", false, 1433, "license-included", "admin", kSqlServerVersions, kSqlServerExpressClasses},
    EngineInfo{"sqlserver-web", false, 1433, "license-included", "admin", kSqlServerVersions, kCommercialClasses},
    EngineInfo{"sqlserver-dev-ee", false, 1433, "bring-your-own-media", "admin", kSqlServerVersions,
               kCommercialClasses},
    EngineInfo{"db2-ae", false, 50000, "bring-your-own-license", "admin", kDb2Versions, kCommercialClasses},
    EngineInfo{"db2-ce", false, 50000, "bring-your-own-license", "admin", kDb2Versions, kCommercialClasses},
    EngineInfo{"db2-se", false, 50000, "bring-your-own-license", "admin", kDb2Versions, kCommercialClasses},
    EngineInfo{"custom-oracle-ee", false, 1521, "bring-your-own-license", "admin", kCustomOracleVersions,
               kCommercialClasses},
    EngineInfo{"custom-oracle-ee-cdb", false, 1521, "bring-your-own-license", "admin", kCustomOracleVersions,
               kCommercialClasses},
    EngineInfo{"custom-oracle-se2", false, 1521, "bring-your-own-license", "admin", kCustomOracleVersions,
               kCommercialClasses},
    EngineInfo{"custom-oracle-se2-cdb", false, 1521, "bring-your-own-license", "admin", kCustomOracleVersions,
               kCommercialClasses},
    EngineInfo{"custom-sqlserver-ee", false, 1433, "license-included", "admin", kCustomSqlServerVersions,
               kCommercialClasses},
    EngineInfo{"custom-sqlserver-se", false, 1433, "license-included", "admin", kCustomSqlServerVersions,
               kCommercialClasses},
    EngineInfo{"custom-sqlserver-web", false, 1433, "license-included", "admin", kCustomSqlServerVersions,
               kCommercialClasses},
    EngineInfo{"custom-sqlserver-dev", false, 1433, "bring-your-own-media", "admin", kCustomSqlServerVersions,
               kCommercialClasses},
    EngineInfo{"neptune", true, 8182, "amazon-license", "", kNeptuneVersions, kGraphAndDocumentClasses},
    EngineInfo{"docdb", true, 27017, "na", "docdbadmin", kDocdbVersions, kGraphAndDocumentClasses},
};

}  // namespace

const EngineInfo* find_engine(std::string_view name) {
  const auto it = std::find_if(kEngines.begin(), kEngines.end(), [&](const EngineInfo& e) { return e.name == name; });
  return it == kEngines.end() ? nullptr : &*it;
}

namespace {

// The first `count` dot-separated parts of a version, leading zeros of the later parts kept as they are.
std::string version_parts(std::string_view version, int count) {
  std::size_t end = 0;
  for (int part = 0; part < count; ++part) {
    if (part > 0) ++end;
    end = version.find('.', end);
    if (end == std::string_view::npos) return std::string(version);
  }
  return std::string(version.substr(0, end));
}

}  // namespace

std::string parameter_group_family(std::string_view engine, std::string_view version) {
  const std::string name(engine);
  if (engine == "postgres" || engine == "aurora-postgresql") {
    // PostgreSQL families are the major version alone from 10 on.
    return name + version_parts(version, 1);
  }
  if (engine.starts_with("oracle") || engine.starts_with("custom-oracle"))
    return name + "-" + version_parts(version, 1);
  if (engine.starts_with("sqlserver") || engine.starts_with("custom-sqlserver")) {
    std::string major = version_parts(version, 2);  // "15.00"
    if (const auto dot = major.find('.'); dot != std::string::npos && major.size() > dot + 1) {
      const std::string minor = major.substr(dot + 1);
      const bool digits = std::all_of(minor.begin(), minor.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (digits && minor.size() < 6) major = major.substr(0, dot + 1) + std::to_string(std::stoi(minor));
    }
    return name + "-" + major;
  }
  if (engine.starts_with("db2")) return name + "-" + version_parts(version, 2);
  return name + version_parts(version, 2);
}

std::vector<std::string> engine_names() {
  std::vector<std::string> names;
  for (const auto& engine : kEngines) names.emplace_back(engine.name);
  return names;
}

}  // namespace rds_exporter::sim
