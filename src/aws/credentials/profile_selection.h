#pragma once

#include "common/environment.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

// Where the profile name came from decides how forgiving a missing or empty profile is treated.
enum class ProfileOrigin {
  // No name anywhere: "default", which may well not exist (on EC2, in containers).
  default_name,
  // AWS_PROFILE: a missing profile is an error, as in botocore; one without credentials lets the chain go on.
  aws_profile_variable,
  // The exporter's aws.credentials.profile: the profile must exist and give credentials.
  exporter_config,
};

struct ProfileSelection {
  std::string name;
  ProfileOrigin origin = ProfileOrigin::default_name;
};

// The profile named in the exporter's configuration, else AWS_PROFILE, else "default". The region and
// endpoint resolution use the same profile as the credentials.
ProfileSelection select_profile(const common::Environment& environment, const std::optional<std::string>& configured);

}  // namespace rds_exporter::aws
