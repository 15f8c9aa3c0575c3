#pragma once

#include "common/environment.h"
#include "common/expected.h"

#include <functional>
#include <optional>
#include <string>

namespace rds_exporter::aws {

struct RegionChoice {
  std::string region;
  // "aws.region", "AWS_REGION", "AWS_DEFAULT_REGION", "profile NAME", "EC2 instance metadata".
  std::string source;
};

struct RegionSources {
  std::optional<std::string> configured;
  common::Environment environment;
  std::string profile_name;
  std::optional<std::string> profile_region;
  // Asked last and only when needed: off EC2 it costs a connection attempt.
  std::function<std::optional<std::string>()> instance_metadata_region;
};

// aws.region, then AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then EC2 instance metadata.
// There is no silent default: watching the wrong region would look like an empty fleet. The error
// names every place looked at.
common::Expected<RegionChoice, std::string> resolve_region(const RegionSources& sources);

}  // namespace rds_exporter::aws
