#pragma once

#include <spdlog/common.h>

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace rds_exporter::logging {

// The exporter's log components, one per stage; "aws=debug" in a level spec names one of these.
std::span<const std::string> component_names();

// A parsed `log.level` value such as "info,aws=debug": a default level and per-component overrides.
struct LevelSpec {
  spdlog::level::level_enum default_level = spdlog::level::info;
  std::map<std::string, spdlog::level::level_enum> component_levels;

  spdlog::level::level_enum level_for(const std::string& component) const;
};

// Parses a level spec strictly: an unknown level or component is an error (returned as a message
// that says what was wrong and what is valid), never silently "off" as spdlog's own parser does.
std::variant<LevelSpec, std::string> parse_level_spec(std::string_view text);

}  // namespace rds_exporter::logging
