#pragma once

#include <string_view>

namespace rds_exporter::sim {

// The keys of a fault plan, the same in the fleet file's `faults:` section and in the admin API's JSON.
inline constexpr std::string_view kFaultPlanKeys[] = {"seed", "rules"};
inline constexpr std::string_view kFaultRuleKeys[] = {
    "service",      "operation",  "account", "region",           "latency_ms",      "jitter_ms",     "throttle",
    "server_error", "server_error_status", "drop_connection", "truncate_body", "malformed_body"};

}  // namespace rds_exporter::sim
