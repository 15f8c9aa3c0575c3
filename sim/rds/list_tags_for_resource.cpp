#include "sim/rds/list_tags_for_resource.h"

#include "sim/protocol/common_errors.h"
#include "sim/protocol/query_response.h"
#include "sim/rds/rds_api.h"
#include "sim/rds/rds_errors.h"
#include "sim/rds/resource_names.h"
#include "sim/rds/shared_xml.h"

namespace rds_exporter::sim {
namespace {

std::variant<std::span<const Tag>, ApiError> tags_of(const std::string& arn, const Fleet& fleet) {
  const auto resource = parse_rds_arn(arn, fleet);
  if (resource && resource->type == "db") {
    const DbInstance* instance = fleet.find_instance(resource->name);
    if (instance == nullptr) return db_instance_not_found(resource->name);
    return std::span<const Tag>(instance->tags);
  }
  if (resource && resource->type == "cluster") {
    const DbCluster* cluster = fleet.find_cluster(resource->name);
    if (cluster == nullptr) return db_cluster_not_found(resource->name);
    return std::span<const Tag>(cluster->tags);
  }
  return resource_not_in_region();
}

}  // namespace

std::string ListTagsForResource::resource_arn(const OperationCall& call) const {
  const std::string* arn = call.params.find("ResourceName");
  return arn != nullptr ? *arn : "*";
}

OperationOutcome ListTagsForResource::invoke(const OperationCall& call) const {
  const std::string* arn = call.params.find("ResourceName");
  if (arn == nullptr) return missing_parameter("ResourceName");
  auto tags = tags_of(*arn, call.fleet);
  if (auto* error = std::get_if<ApiError>(&tags)) return std::move(*error);
  return query_response(name(), kRdsXmlNamespace, call.request_id,
                        [&](XmlWriter& xml) { write_tag_list(xml, std::get<std::span<const Tag>>(tags)); });
}

}  // namespace rds_exporter::sim
