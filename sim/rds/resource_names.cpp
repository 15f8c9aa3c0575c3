#include "sim/rds/resource_names.h"

namespace rds_exporter::sim {

std::optional<RdsResourceName> parse_rds_arn(std::string_view arn, const Fleet& fleet) {
  const std::string prefix = "arn:aws:rds:" + fleet.region() + ":" + fleet.account_id() + ":";
  if (!arn.starts_with(prefix)) return std::nullopt;
  const std::string_view rest = arn.substr(prefix.size());
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  return RdsResourceName{std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
}

std::optional<std::string> identifier_or_arn(std::string_view value, std::string_view resource_type,
                                             const Fleet& fleet) {
  if (!value.starts_with("arn:")) return std::string(value);
  const auto resource = parse_rds_arn(value, fleet);
  if (!resource || resource->type != resource_type) return std::nullopt;
  return resource->name;
}

}  // namespace rds_exporter::sim
