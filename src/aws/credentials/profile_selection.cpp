#include "aws/credentials/profile_selection.h"

namespace rds_exporter::aws {

ProfileSelection select_profile(const common::Environment& environment, const std::optional<std::string>& configured) {
  if (configured && !configured->empty()) return ProfileSelection{*configured, ProfileOrigin::exporter_config};
  if (auto variable = common::non_empty(environment, "AWS_PROFILE")) {
    return ProfileSelection{*std::move(variable), ProfileOrigin::aws_profile_variable};
  }
  return ProfileSelection{"default", ProfileOrigin::default_name};
}

}  // namespace rds_exporter::aws
