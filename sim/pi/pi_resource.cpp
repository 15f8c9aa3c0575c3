#include "sim/pi/pi_resource.h"

#include "sim/pi/pi_api.h"
#include "sim/pi/pi_errors.h"

#include <algorithm>

namespace rds_exporter::sim::pi {

using common::Unexpected;

common::Expected<PiResource, ApiError> find_resource(const RequestBody& request, const Fleet& fleet) {
  auto service_type = request.required_string("ServiceType");
  if (!service_type) return Unexpected{std::move(service_type).error()};
  if (*service_type != kRdsServiceType && *service_type != kDocDbServiceType) {
    return Unexpected{validation_error("serviceType", "Member must satisfy enum value set: [RDS, DOCDB]")};
  }
  if (*service_type == kDocDbServiceType) {
    return Unexpected{invalid_argument("rds_sim simulates Performance Insights for ServiceType RDS only, not DOCDB")};
  }
  auto identifier = request.required_string("Identifier");
  if (!identifier) return Unexpected{std::move(identifier).error()};

  const auto instances = fleet.instances();
  const auto found = std::find_if(instances.begin(), instances.end(),
                                  [&](const DbInstance& instance) { return instance.dbi_resource_id == *identifier; });
  if (found == instances.end()) {
    return Unexpected{invalid_argument("No DB instance has the resource identifier " + *identifier +
                                       " (Identifier takes an instance's DbiResourceId, such as db-ABCDEFGHIJKL)")};
  }
  const auto family = cloudwatch::engine_family(found->engine);
  if (!found->performance_insights_enabled || !family) {
    return Unexpected{resource_not_authorized(*identifier, kRdsServiceType)};
  }
  return PiResource{&*found, *family};
}

std::string metrics_arn(std::string_view body, const Fleet& fleet) {
  std::string identifier = "*";
  if (auto request = RequestBody::parse(body)) {
    if (auto named = request->optional_string("Identifier"); named && named->has_value()) identifier = **named;
  }
  return "arn:aws:pi:" + fleet.region() + ":" + fleet.account_id() + ":metrics/rds/" + identifier;
}

}  // namespace rds_exporter::sim::pi
