#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// What RDS reports for an engine, besides the engine name itself.
struct EngineInfo {
  std::string_view name;
  // Aurora, Neptune and DocumentDB instances only exist inside a DB cluster.
  bool clustered;
  int port;
  std::string_view license_model;
  // Empty for Neptune, which has no master user.
  std::string_view master_username;
  // Newest first; the first is the default for a fleet file that names no version.
  std::span<const std::string_view> versions;
  // The classes the generator draws from; a fleet file may use any "db.*" class.
  std::span<const std::string_view> instance_classes;
};

// The engines DescribeDBInstances can report: the RDS model's list, plus neptune and docdb, whose instances
// RDS also returns. nullptr for any other name.
const EngineInfo* find_engine(std::string_view name);

// The DB parameter group family of an engine version, as RDS names it: mysql 8.0.35 -> mysql8.0, postgres 16.4 ->
// postgres16, aurora-mysql 8.0.mysql_aurora.3.05.2 -> aurora-mysql8.0, aurora-postgresql 16.4 -> aurora-postgresql16,
// mariadb 10.11.9 -> mariadb10.11, oracle-ee 19.0... -> oracle-ee-19, sqlserver-se 15.00... -> sqlserver-se-15.0,
// neptune 1.3.2.1 -> neptune1.3, docdb 5.0.0 -> docdb5.0, db2-se 11.5... -> db2-se-11.5.
std::string parameter_group_family(std::string_view engine, std::string_view version);

// Their names, in a stable order, for suggestions when a name is mistyped.
std::vector<std::string> engine_names();

}  // namespace rds_exporter::sim
