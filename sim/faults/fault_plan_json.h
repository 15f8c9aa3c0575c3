#pragma once

#include "sim/faults/fault_plan.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// Reads a plan sent to the admin API, problems named "<key path>: <what is wrong>" ("rules[1].throttle: ..."):: the
// fleet file's `faults:` section as JSON,
//   {"seed": 7, "rules": [{"service": "rds", "operation": "DescribeDBInstances", "throttle": 1}]}
FaultPlanOrProblems parse_fault_plan_json(std::string_view body);

// The plan as parse_fault_plan_json reads it, every key of every rule written out.
std::string fault_plan_json(const FaultPlan& plan);

}  // namespace rds_exporter::sim
