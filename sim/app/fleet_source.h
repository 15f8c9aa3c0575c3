#pragma once

#include "sim/app/command_line.h"
#include "sim/fleet/fleet_loader.h"

namespace rds_exporter::sim {

// The fleet the options ask for: the fleet file's, or a generated one.
FleetOrProblems fleet_from(const SimOptions& options);

}  // namespace rds_exporter::sim
