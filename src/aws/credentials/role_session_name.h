#pragma once

#include <chrono>
#include <string>

namespace rds_exporter::aws {

// "rds-exporter-1714593600": what a role session is called when the configuration names none, in the manner of
// botocore's "botocore-session-<unix time>", so that CloudTrail shows which program assumed the role and when.
std::string default_role_session_name(std::chrono::system_clock::time_point now);

}  // namespace rds_exporter::aws
