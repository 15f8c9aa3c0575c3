#include "sim/rds/instance_xml.h"

#include "sim/common/iso8601.h"
#include "sim/fleet/engine_catalog.h"
#include "sim/rds/shared_xml.h"

namespace rds_exporter::sim {
namespace {

void write_endpoint(XmlWriter& xml, const DbInstance& instance, const EngineInfo& engine, const Fleet& fleet) {
  // RDS has no endpoint to report until the instance exists.
  if (instance.status == "creating") return;
  xml.open("Endpoint");
  xml.text("Address", fleet.instance_endpoint(instance.identifier));
  xml.integer("Port", engine.port);
  xml.text("HostedZoneId", fleet.hosted_zone_id());
  xml.close("Endpoint");
}

void write_identifier_list(XmlWriter& xml, std::string_view list, std::string_view item,
                           const std::vector<std::string>& identifiers) {
  if (identifiers.empty()) {
    xml.empty(list);
    return;
  }
  xml.open(list);
  for (const auto& identifier : identifiers) xml.text(item, identifier);
  xml.close(list);
}

void write_replication_status(XmlWriter& xml) {
  xml.open("StatusInfos");
  xml.open("DBInstanceStatusInfo");
  xml.text("StatusType", "read replication");
  xml.boolean("Normal", true);
  xml.text("Status", "replicating");
  xml.close("DBInstanceStatusInfo");
  xml.close("StatusInfos");
}

void write_monitoring(XmlWriter& xml, const DbInstance& instance, const Fleet& fleet) {
  xml.integer("MonitoringInterval", instance.monitoring_interval);
  if (instance.monitoring_interval == 0) return;
  xml.text("EnhancedMonitoringResourceArn", "arn:aws:logs:" + fleet.region() + ":" + fleet.account_id() +
                                                ":log-group:RDSOSMetrics:log-stream:" + instance.dbi_resource_id);
  xml.text("MonitoringRoleArn", "arn:aws:iam::" + fleet.account_id() + ":role/rds-monitoring-role");
}

void write_certificate_details(XmlWriter& xml, const DbInstance& instance) {
  xml.open("CertificateDetails");
  xml.text("CAIdentifier", instance.ca_certificate_identifier);
  xml.text("ValidTill", iso8601(instance.certificate_valid_till));
  xml.close("CertificateDetails");
}

}  // namespace

void write_db_instance(XmlWriter& xml, const DbInstance& instance, const Fleet& fleet) {
  const EngineInfo& engine = *find_engine(instance.engine);
  const bool in_cluster = !instance.cluster_identifier.empty();
  const bool replica = !instance.read_replica_source.empty();
  xml.open("DBInstance");
  xml.text("DBInstanceIdentifier", instance.identifier);
  xml.text("DBInstanceClass", instance.instance_class);
  xml.text("Engine", instance.engine);
  xml.text("DBInstanceStatus", instance.status);
  if (!engine.master_username.empty()) xml.text("MasterUsername", engine.master_username);
  write_endpoint(xml, instance, engine, fleet);
  xml.integer("AllocatedStorage", instance.allocated_storage);
  xml.text("InstanceCreateTime", iso8601_milliseconds(instance.create_time));
  xml.text("PreferredBackupWindow", "17:00-17:30");
  xml.integer("BackupRetentionPeriod", instance.backup_retention_period.value_or(replica ? 0 : 7));
  xml.empty("DBSecurityGroups");
  write_vpc_security_groups(xml);
  xml.open("DBParameterGroups");
  xml.open("DBParameterGroup");
  xml.text("DBParameterGroupName", instance.parameter_group);
  xml.text("ParameterApplyStatus", "in-sync");
  xml.close("DBParameterGroup");
  xml.close("DBParameterGroups");
  xml.text("AvailabilityZone", instance.availability_zone);
  xml.text("PreferredMaintenanceWindow", "sun:18:00-sun:18:30");
  xml.empty("PendingModifiedValues");
  xml.boolean("MultiAZ", instance.multi_az);
  xml.text("EngineVersion", instance.engine_version);
  xml.boolean("AutoMinorVersionUpgrade", true);
  if (replica) xml.text("ReadReplicaSourceDBInstanceIdentifier", instance.read_replica_source);
  write_identifier_list(xml, "ReadReplicaDBInstanceIdentifiers", "ReadReplicaDBInstanceIdentifier",
                        instance.read_replica_identifiers);
  xml.empty("ReadReplicaDBClusterIdentifiers");
  xml.text("LicenseModel", engine.license_model);
  if (instance.iops) xml.integer("Iops", *instance.iops);
  if (instance.multi_az) xml.text("SecondaryAvailabilityZone", instance.secondary_availability_zone);
  xml.boolean("PubliclyAccessible", instance.publicly_accessible);
  if (replica) write_replication_status(xml);
  xml.text("StorageType", instance.storage_type);
  xml.integer("DbInstancePort", 0);
  if (in_cluster) xml.text("DBClusterIdentifier", instance.cluster_identifier);
  xml.boolean("StorageEncrypted", true);
  xml.text("DbiResourceId", instance.dbi_resource_id);
  xml.text("CACertificateIdentifier", instance.ca_certificate_identifier);
  xml.empty("DomainMemberships");
  xml.boolean("CopyTagsToSnapshot", true);
  write_monitoring(xml, instance, fleet);
  if (in_cluster) xml.integer("PromotionTier", instance.promotion_tier);
  xml.text("DBInstanceArn", instance.arn);
  xml.boolean("IAMDatabaseAuthenticationEnabled", false);
  xml.boolean("PerformanceInsightsEnabled", instance.performance_insights_enabled);
  if (instance.performance_insights_enabled) xml.integer("PerformanceInsightsRetentionPeriod", 7);
  xml.boolean("DeletionProtection", instance.deletion_protection);
  xml.empty("AssociatedRoles");
  if (instance.max_allocated_storage) xml.integer("MaxAllocatedStorage", *instance.max_allocated_storage);
  write_tag_list(xml, instance.tags);
  xml.boolean("CustomerOwnedIpEnabled", false);
  xml.text("BackupTarget", "region");
  xml.text("NetworkType", "IPV4");
  if (instance.storage_throughput) xml.integer("StorageThroughput", *instance.storage_throughput);
  write_certificate_details(xml, instance);
  xml.close("DBInstance");
}

}  // namespace rds_exporter::sim
