#pragma once

#include "aws/session/aws_session.h"

#include <cstdio>

namespace rds_exporter::app {

// --check-aws: proves, before deployment, that the exporter can reach AWS and holds every permission
// it needs. Prints the region and endpoints in use (and where they came from), the credential source
// (the access key masked), the caller's identity, the scopes to watch (listing the organization's accounts
// when aws.organization is set), then in every scope tries each API action of the README's IAM policy, with
// the role of that scope's account; the two pi: actions on the first instance with Performance Insights on, and
// not at all when none has it or performance_insights.enabled is false; logs:FilterLogEvents on the Enhanced
// Monitoring stream of the first instance with it on (a stream not found still proves the permission), and not
// at all when none has it or enhanced_monitoring.enabled is false.
// Returns the process exit code: 0 when every step tried worked, 1 otherwise.
int run_aws_check(aws::AwsSession& session, const config::Settings& settings, std::FILE* out);

}  // namespace rds_exporter::app
