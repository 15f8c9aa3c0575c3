#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The names and unique ids IAM and STS give identities, derived from what they identify so that the same
// fleet always shows the same ones.

// "arn:aws:sts::<account>:assumed-role/<role>/<session>"
std::string assumed_role_arn(std::string_view account_id, std::string_view role_name, std::string_view session_name);

// "AROA" and 17 characters: the unique id of the role with this ARN.
std::string role_id(std::string_view role_arn);

// What GetCallerIdentity answers as UserId: "<role id>:<session>" for an assumed-role ARN, else "AIDA" and 17
// characters for the IAM user with this ARN.
std::string caller_user_id(std::string_view arn);

}  // namespace rds_exporter::sim
