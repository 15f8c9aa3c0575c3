#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::common {

// A snapshot of environment variables. Code that reads the environment takes one of these rather
// than calling getenv, so tests can hand it any environment without touching the process's.
using Environment = std::map<std::string, std::string>;

// The variable's value, or nothing when it is unset or empty (AWS's SDKs treat both the same).
inline std::optional<std::string> non_empty(const Environment& environment, std::string_view name) {
  const auto it = environment.find(std::string(name));
  if (it == environment.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace rds_exporter::common
