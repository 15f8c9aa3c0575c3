#include "sim/rds/cluster_xml.h"

#include "sim/common/iso8601.h"
#include "sim/fleet/engine_catalog.h"
#include "sim/rds/shared_xml.h"

namespace rds_exporter::sim {
namespace {

void write_availability_zones(XmlWriter& xml, const Fleet& fleet) {
  xml.open("AvailabilityZones");
  for (const char zone : {'a', 'b', 'c'}) xml.text("AvailabilityZone", fleet.region() + zone);
  xml.close("AvailabilityZones");
}

void write_members(XmlWriter& xml, const DbCluster& cluster, const Fleet& fleet) {
  if (cluster.member_identifiers.empty()) {
    xml.empty("DBClusterMembers");
    return;
  }
  xml.open("DBClusterMembers");
  for (const auto& identifier : cluster.member_identifiers) {
    const DbInstance& member = *fleet.find_instance(identifier);
    xml.open("DBClusterMember");
    xml.text("DBInstanceIdentifier", member.identifier);
    xml.boolean("IsClusterWriter", member.cluster_writer);
    xml.text("DBClusterParameterGroupStatus", "in-sync");
    xml.integer("PromotionTier", member.promotion_tier);
    xml.close("DBClusterMember");
  }
  xml.close("DBClusterMembers");
}

}  // namespace

void write_db_cluster(XmlWriter& xml, const DbCluster& cluster, const Fleet& fleet) {
  const EngineInfo& engine = *find_engine(cluster.engine);
  xml.open("DBCluster");
  xml.integer("AllocatedStorage", 1);
  write_availability_zones(xml, fleet);
  xml.integer("BackupRetentionPeriod", 7);
  xml.text("DBClusterIdentifier", cluster.identifier);
  xml.text("DBClusterParameterGroup", cluster.parameter_group);
  xml.text("DBSubnetGroup", "default");
  xml.text("Status", cluster.status);
  xml.text("Endpoint", fleet.cluster_endpoint(cluster.identifier, false));
  xml.text("ReaderEndpoint", fleet.cluster_endpoint(cluster.identifier, true));
  xml.boolean("MultiAZ", cluster.multi_az);
  xml.text("Engine", cluster.engine);
  xml.text("EngineVersion", cluster.engine_version);
  xml.integer("Port", engine.port);
  if (!engine.master_username.empty()) xml.text("MasterUsername", engine.master_username);
  xml.text("PreferredBackupWindow", "17:00-17:30");
  xml.text("PreferredMaintenanceWindow", "sun:18:00-sun:18:30");
  xml.empty("ReadReplicaIdentifiers");
  write_members(xml, cluster, fleet);
  write_vpc_security_groups(xml);
  xml.text("HostedZoneId", fleet.hosted_zone_id());
  xml.boolean("StorageEncrypted", true);
  xml.text("DbClusterResourceId", cluster.resource_id);
  xml.text("DBClusterArn", cluster.arn);
  xml.empty("AssociatedRoles");
  xml.boolean("IAMDatabaseAuthenticationEnabled", false);
  xml.text("ClusterCreateTime", iso8601_milliseconds(cluster.create_time));
  xml.text("EngineMode", "provisioned");
  xml.boolean("DeletionProtection", cluster.deletion_protection);
  xml.boolean("HttpEndpointEnabled", false);
  xml.boolean("CopyTagsToSnapshot", true);
  xml.boolean("CrossAccountClone", false);
  xml.empty("DomainMemberships");
  write_tag_list(xml, cluster.tags);
  xml.text("StorageType", cluster.storage_type);
  xml.text("NetworkType", "IPV4");
  xml.close("DBCluster");
}

}  // namespace rds_exporter::sim
