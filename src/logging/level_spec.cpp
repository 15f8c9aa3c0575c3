#include "logging/level_spec.h"

#include "common/nearest_name.h"
#include "common/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace rds_exporter::logging {
namespace {

const std::vector<std::string> kComponents{"main",      "config",    "http",      "aws",
                                            "credentials", "scopes", "discovery", "collection"};
const std::vector<std::string> kLevelNames{"trace", "debug", "info", "warn", "error", "critical", "off"};

std::optional<spdlog::level::level_enum> level_from_name(std::string_view name) {
  std::string lower = common::to_lower_ascii(name);
  if (lower == "warning") lower = "warn";
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (lower == kLevelNames[i]) return static_cast<spdlog::level::level_enum>(i);
  }
  return std::nullopt;
}

std::string unknown(std::string_view what, std::string_view name, const std::vector<std::string>& valid) {
  std::string message = fmt::format("unknown {} '{}'", what, name);
  if (auto nearest = common::nearest_name(name, valid)) message += fmt::format(" (did you mean '{}'?)", *nearest);
  return message + fmt::format("; valid {}s: {}", what, fmt::join(valid, ", "));
}

}  // namespace

std::span<const std::string> component_names() { return kComponents; }

spdlog::level::level_enum LevelSpec::level_for(const std::string& component) const {
  const auto it = component_levels.find(component);
  return it == component_levels.end() ? default_level : it->second;
}

std::variant<LevelSpec, std::string> parse_level_spec(std::string_view text) {
  LevelSpec spec;
  bool saw_default = false;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = common::trim(text.substr(start, comma - start));
    if (item.empty()) return std::string("empty entry; expected LEVEL or COMPONENT=LEVEL, e.g. \"info,aws=debug\"");
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      const auto level = level_from_name(item);
      if (!level) return unknown("level", item, kLevelNames);
      if (saw_default) return fmt::format("more than one default level ('{}')", item);
      spec.default_level = *level;
      saw_default = true;
    } else {
      const std::string component(common::trim(item.substr(0, equals)));
      const std::string_view level_name = common::trim(item.substr(equals + 1));
      if (std::find(kComponents.begin(), kComponents.end(), component) == kComponents.end()) {
        return unknown("component", component, kComponents);
      }
      const auto level = level_from_name(level_name);
      if (!level) return unknown("level", level_name, kLevelNames);
      spec.component_levels[component] = *level;
    }
    if (comma == text.size()) return spec;
    start = comma + 1;
  }
}

}  // namespace rds_exporter::logging
