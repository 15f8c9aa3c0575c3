#pragma once

#include "sim/fleet/fleet.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// A fleet, or every problem found in its file, each naming the file, line and key.
using FleetOrProblems = std::variant<Fleet, std::vector<std::string>>;

// Reads a fleet file (format in sim/README.md) for a simulator serving `region`.
FleetOrProblems load_fleet_file(const std::filesystem::path& file, std::string_view region);

// The same from YAML text; `file_name` is what the problems name.
FleetOrProblems parse_fleet(const std::string& yaml, std::string_view file_name, std::string_view region);

}  // namespace rds_exporter::sim
