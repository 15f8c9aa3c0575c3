#pragma once

#include "sim/faults/fault_plan.h"
#include "sim/fleet/yaml_mapping.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// Reads a fleet file's `faults:` section, `section` (format in sim/README.md), reporting each problem with its
// line and key path ("faults.rules[1].throttle") to `problems`; a null section is an empty plan.
FaultPlan read_fault_plan(const YAML::Node& section, const std::string& path, FleetFileProblems& problems);

// The `faults:` section of a fleet file's text, problems named "<file>:<line>: <key path>: ...". The other
// top-level keys are the fleet loader's to read and check; YAML errors are reported by both.
FaultPlanOrProblems parse_fault_plan_yaml(const std::string& yaml, std::string_view file_name);
FaultPlanOrProblems load_fault_plan_file(const std::filesystem::path& file);

}  // namespace rds_exporter::sim
