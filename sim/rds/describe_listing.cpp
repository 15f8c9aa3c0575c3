#include "sim/rds/describe_listing.h"

namespace rds_exporter::sim {

std::string listing_resource_arn(const OperationCall& call, std::string_view identifier_parameter,
                                 std::string_view resource_type) {
  const std::string* identifier = call.params.find(identifier_parameter);
  if (identifier == nullptr) return call.fleet.rds_arn(resource_type, "*");
  if (identifier->starts_with("arn:")) return *identifier;
  return call.fleet.rds_arn(resource_type, to_lower_identifier(*identifier));
}

}  // namespace rds_exporter::sim
