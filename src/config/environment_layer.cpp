#include "config/environment_layer.h"

#include "common/nearest_name.h"
#include "config/key_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace rds_exporter::config {
namespace {

// "APP_EXPORTER_" for every top-level section: a variable under one of these is meant for us.
bool under_a_section(const std::string& name) {
  const auto sections = section_children("");
  return std::any_of(sections.begin(), sections.end(),
                     [&](const std::string& section) { return name.starts_with(env_name_for(section) + "_"); });
}

}  // namespace

LayerReading read_environment_layer(const std::map<std::string, std::string>& environment) {
  LayerReading reading;
  std::vector<std::string> known_names{kConfigDirVariable};
  for (const auto& definition : key_table()) {
    known_names.push_back(definition.env_name);
    if (const auto it = environment.find(definition.env_name); it != environment.end()) {
      reading.assignments.push_back(
          Assignment{definition.path, it->second, fmt::format("env {}", definition.env_name), definition.env_name});
    }
  }
  for (const auto& [name, value] : environment) {
    if (!name.starts_with("APP_") || std::find(known_names.begin(), known_names.end(), name) != known_names.end()) {
      continue;
    }
    const auto suggestion = common::nearest_name(name, known_names);
    if (!suggestion && !under_a_section(name)) continue;
    std::string message = fmt::format("environment variable {} is not a configuration key and is ignored", name);
    if (suggestion) message += fmt::format("; did you mean {}?", *suggestion);
    reading.problems.push_back(Problem{Severity::warning, std::move(message)});
  }
  return reading;
}

}  // namespace rds_exporter::config
