#pragma once

#include "sim/fleet/fleet.h"

#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// The account a fleet lives in unless its file says otherwise: AWS's documentation account.
inline constexpr std::string_view kDefaultAccountId = "123456789012";

// The IAM actions of the exporter's policy in README.md and of its inventory source, no more: a test that passes with
// these proves the documented policy is enough. (The inventory's eight rds: actions join README.md's policy with that
// source; rds_sim grants them already so that its tests can run against any fleet.)
inline constexpr std::string_view kExporterActions[] = {"rds:DescribeDBInstances",
                                                        "rds:DescribeDBClusters",
                                                        "cloudwatch:GetMetricData",
                                                        "pi:GetResourceMetrics",
                                                        "pi:ListAvailableResourceMetrics",
                                                        // Enhanced Monitoring's OS metrics (CloudWatch Logs).
                                                        "logs:FilterLogEvents",
                                                        "logs:DescribeLogStreams",
                                                        "aps:RemoteWrite",
                                                        // The inventory source's operations.
                                                        "rds:DescribePendingMaintenanceActions",
                                                        "rds:DescribeDBMajorEngineVersions",
                                                        "rds:DescribeAccountAttributes",
                                                        "rds:DescribeEvents",
                                                        "rds:DescribeDBParameters",
                                                        "rds:DescribeDBClusterParameters",
                                                        "rds:DescribeEngineDefaultParameters",
                                                        "rds:DescribeEngineDefaultClusterParameters"};

// The callers of every generated fleet, and of sim/fleets/demo.yaml, which lists the same ones:
//   rds-exporter     long-term keys with exactly the exporter's policy
//   rds-exporter-sts temporary keys (with a session token) with the same policy, valid until 2099
//   rds-read-only    long-term keys allowed every RDS Describe* action and ListTagsForResource
//   no-rights        long-term keys with no policy: every call is AccessDenied
//   rds-exporter-assumer long-term keys allowed sts:AssumeRole only, trusted by the standard roles
//   expired-session  temporary keys with the exporter's policy whose session expired in 2024: ExpiredToken
// Their keys are fixed test values, documented in sim/README.md, never real credentials.
std::vector<Principal> standard_principals(std::string_view account_id);

}  // namespace rds_exporter::sim
