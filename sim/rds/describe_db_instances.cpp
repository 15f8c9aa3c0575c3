#include "sim/rds/describe_db_instances.h"

#include "sim/rds/describe_listing.h"
#include "sim/rds/instance_xml.h"
#include "sim/rds/rds_errors.h"

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kInstanceFilterNames[] = {"db-cluster-id", "db-instance-id", "dbi-resource-id", "domain",
                                                     "engine"};

bool instance_accepts(const DbInstance& instance, const Filter& filter, const Fleet& fleet) {
  if (filter.name == "db-instance-id") return filter.accepts(instance.identifier) || filter.accepts(instance.arn);
  if (filter.name == "db-cluster-id") {
    return !instance.cluster_identifier.empty() &&
           (filter.accepts(instance.cluster_identifier) ||
            filter.accepts(fleet.rds_arn("cluster", instance.cluster_identifier)));
  }
  if (filter.name == "engine") return filter.accepts(instance.engine);
  if (filter.name == "dbi-resource-id") return filter.accepts(instance.dbi_resource_id);
  return false;  // domain
}

constexpr Listing<DbInstance> kInstanceListing{"DescribeDBInstances", "DBInstanceIdentifier", "db",
                                               "DBInstances",         kInstanceFilterNames,   &Fleet::instances,
                                               &Fleet::find_instance, db_instance_not_found,  instance_accepts,
                                               write_db_instance};

}  // namespace

std::string DescribeDbInstances::resource_arn(const OperationCall& call) const {
  return listing_resource_arn(call, kInstanceListing.identifier_parameter, kInstanceListing.resource_type);
}

OperationOutcome DescribeDbInstances::invoke(const OperationCall& call) const {
  return describe_listing(kInstanceListing, call);
}

}  // namespace rds_exporter::sim
