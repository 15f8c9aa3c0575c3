#pragma once

#include "sim/fleet/fleet.h"

#include <chrono>
#include <span>
#include <string_view>

namespace rds_exporter::sim {

// What RDS fills in for an instance when its creator does not say, shared by the fleet file loader and the
// generator so that both describe instances the same way.

// The CAs an instance's server certificate can come from. rds-ca-2019 expired in 2024 but instances nobody
// rotated still report it, which is what certificate-expiry alerts are for.
std::span<const std::string_view> certificate_authorities();

// rds-ca-2019 certificates ended with their CA; the others are renewed yearly, on the anniversary of the
// instance's creation, so the date stays the same for a fleet whatever day the simulator runs.
std::chrono::sys_seconds default_certificate_valid_till(std::string_view ca, std::chrono::sys_seconds create_time);

// gp3 volumes get a baseline RDS does not charge for: 3000 IOPS and 125 MiB/s below 400 GiB, 12000 IOPS and
// 500 MiB/s from 400 GiB. Sets whichever of the two the instance does not have yet.
void apply_gp3_baseline(DbInstance& instance);

}  // namespace rds_exporter::sim
