#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::config {

// Which <RUN_MODE>.yaml layers over default.yaml.
struct RunMode {
  std::string name;
  std::string origin;  // "env RUN_MODE" or "default"
};

// RUN_MODE from the environment; unset or empty means "development".
RunMode resolve_run_mode(const std::map<std::string, std::string>& environment);

// Why `name` cannot name a mode file, if it cannot: it must be a plain file stem, and not "default",
// which would layer default.yaml over itself.
std::optional<std::string> run_mode_name_problem(std::string_view name);

// The modes `dir` offers: the stems of its *.yaml files other than default.yaml, sorted.
std::vector<std::string> available_modes(const std::filesystem::path& dir);

}  // namespace rds_exporter::config
