#pragma once

#include "sim/fleet/fleet.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// A fleet, or every problem found in its file, each naming the file, line and key.
using FleetOrProblems = std::variant<Fleet, std::vector<std::string>>;

// Reads a fleet file (format in sim/README.md) for a simulator serving `region`. Dates relative to the simulator's
// start ("+7d", "-3h") are taken from `origin` (default: now), the data clock's start.
FleetOrProblems load_fleet_file(const std::filesystem::path& file, std::string_view region,
                                std::optional<std::chrono::sys_seconds> origin = std::nullopt);

// The same from YAML text; `file_name` is what the problems name.
FleetOrProblems parse_fleet(const std::string& yaml, std::string_view file_name, std::string_view region,
                            std::optional<std::chrono::sys_seconds> origin = std::nullopt);

// "+7d", "-3h", "+30m", "+90s", "+2w" from `origin`, or an ISO 8601 UTC time; nullopt for anything else.
std::optional<std::chrono::sys_seconds> parse_fleet_time(std::string_view text, std::chrono::sys_seconds origin);

}  // namespace rds_exporter::sim
