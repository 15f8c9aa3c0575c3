#include "sim/rds/rds_service.h"

#include "sim/rds/describe_account_attributes.h"
#include "sim/rds/describe_db_clusters.h"
#include "sim/rds/describe_db_instances.h"
#include "sim/rds/describe_db_major_engine_versions.h"
#include "sim/rds/describe_db_parameters.h"
#include "sim/rds/describe_engine_default_parameters.h"
#include "sim/rds/describe_events.h"
#include "sim/rds/describe_pending_maintenance_actions.h"
#include "sim/rds/list_tags_for_resource.h"
#include "sim/rds/rds_api.h"

namespace rds_exporter::sim {

RdsService::RdsService(Clock data_clock) {
  operations_.add(std::make_unique<DescribeDbInstances>());
  operations_.add(std::make_unique<DescribeDbClusters>());
  operations_.add(std::make_unique<ListTagsForResource>());
  operations_.add(std::make_unique<DescribePendingMaintenanceActions>());
  operations_.add(std::make_unique<DescribeDbMajorEngineVersions>());
  operations_.add(std::make_unique<DescribeAccountAttributes>());
  operations_.add(std::make_unique<DescribeEvents>(std::move(data_clock)));
  operations_.add(std::make_unique<DescribeDbParameters>());
  operations_.add(std::make_unique<DescribeDbClusterParameters>());
  operations_.add(std::make_unique<DescribeEngineDefaultParameters>());
  operations_.add(std::make_unique<DescribeEngineDefaultClusterParameters>());
}

std::string_view RdsService::api_version() const { return kRdsApiVersion; }

std::string_view RdsService::xml_namespace() const { return kRdsXmlNamespace; }

const QueryOperation* RdsService::find_operation(std::string_view action) const { return operations_.find(action); }

}  // namespace rds_exporter::sim
