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

// Their names, in a stable order, for suggestions when a name is mistyped.
std::vector<std::string> engine_names();

}  // namespace rds_exporter::sim
