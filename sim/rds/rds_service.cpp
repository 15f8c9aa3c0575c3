#include "sim/rds/rds_service.h"

#include "sim/rds/describe_db_clusters.h"
#include "sim/rds/describe_db_instances.h"
#include "sim/rds/list_tags_for_resource.h"
#include "sim/rds/rds_api.h"

namespace rds_exporter::sim {

RdsService::RdsService() {
  operations_.add(std::make_unique<DescribeDbInstances>());
  operations_.add(std::make_unique<DescribeDbClusters>());
  operations_.add(std::make_unique<ListTagsForResource>());
}

std::string_view RdsService::api_version() const { return kRdsApiVersion; }

std::string_view RdsService::xml_namespace() const { return kRdsXmlNamespace; }

const QueryOperation* RdsService::find_operation(std::string_view action) const { return operations_.find(action); }

}  // namespace rds_exporter::sim
