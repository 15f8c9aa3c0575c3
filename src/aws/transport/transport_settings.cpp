#include "aws/transport/transport_settings.h"

#include <utility>

namespace rds_exporter::aws {

TransportSettings transport_settings_from(const common::Environment& environment, TransportSettings defaults) {
  if (auto ca_bundle = common::non_empty(environment, "AWS_CA_BUNDLE")) defaults.ca_bundle = std::move(ca_bundle);
  return defaults;
}

}  // namespace rds_exporter::aws
