#include "sim/rds/describe_account_attributes.h"

#include "sim/protocol/query_response.h"
#include "sim/rds/rds_api.h"

#include <algorithm>
#include <map>

namespace rds_exporter::sim {
namespace {

// AWS's default quotas, in the order DescribeAccountAttributes lists them.
struct DefaultQuota {
  std::string_view name;
  long long max;
};

constexpr DefaultQuota kDefaults[] = {
    {"DBInstances", 40},
    {"ReservedDBInstances", 40},
    {"AllocatedStorage", 100000},
    {"DBSecurityGroups", 25},
    {"AuthorizationsPerDBSecurityGroup", 20},
    {"DBParameterGroups", 50},
    {"ManualSnapshots", 100},
    {"EventSubscriptions", 20},
    {"DBSubnetGroups", 50},
    {"OptionGroups", 20},
    {"SubnetsPerDBSubnetGroup", 20},
    {"ReadReplicasPerMaster", 15},
    {"DBClusters", 40},
    {"DBClusterParameterGroups", 50},
    {"DBClusterRoles", 5},
    {"ManualClusterSnapshots", 100},
    {"CustomEndpointsPerDBCluster", 5},
    {"DBInstanceRoles", 5},
};

// What the scope's fleet uses of each quota; quotas of things the simulator does not model use 0.
std::map<std::string_view, long long> usage(const Fleet& fleet) {
  std::map<std::string_view, long long> used;
  long long storage = 0;
  long long most_replicas = 0;
  for (const auto& instance : fleet.instances()) {
    storage += instance.allocated_storage;
    most_replicas =
        std::max<long long>(most_replicas, static_cast<long long>(instance.read_replica_identifiers.size()));
  }
  long long groups = 0;
  long long cluster_groups = 0;
  for (const auto& group : fleet.inventory().parameter_groups) ++(group.cluster ? cluster_groups : groups);
  used["DBInstances"] = static_cast<long long>(fleet.instances().size());
  used["AllocatedStorage"] = storage;  // GiB, as the quota counts it
  used["DBParameterGroups"] = groups;
  used["DBSubnetGroups"] = 1;  // "default", which every simulated database sits in
  used["SubnetsPerDBSubnetGroup"] = 3;
  used["ReadReplicasPerMaster"] = most_replicas;
  used["DBClusters"] = static_cast<long long>(fleet.clusters().size());
  used["DBClusterParameterGroups"] = cluster_groups;
  return used;
}

}  // namespace

std::string DescribeAccountAttributes::resource_arn(const OperationCall&) const { return "*"; }

OperationOutcome DescribeAccountAttributes::invoke(const OperationCall& call) const {
  const auto used = usage(call.fleet);
  const auto& settings = call.fleet.inventory().account_quotas;
  return query_response(name(), kRdsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    xml.open("AccountQuotas");
    for (const auto& quota : kDefaults) {
      long long max = quota.max;
      const auto it = used.find(quota.name);
      long long in_use = it != used.end() ? it->second : 0;
      for (const auto& setting : settings) {
        if (setting.name != quota.name) continue;
        max = setting.max;
        if (setting.used) in_use = *setting.used;
      }
      xml.open("AccountQuota");
      xml.text("AccountQuotaName", quota.name);
      xml.integer("Used", in_use);
      xml.integer("Max", max);
      xml.close("AccountQuota");
    }
    xml.close("AccountQuotas");
  });
}

}  // namespace rds_exporter::sim
