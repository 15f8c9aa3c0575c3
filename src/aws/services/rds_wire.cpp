#include "aws/services/rds_wire.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
namespace {

// Where a listing's model puts Marker: after MaxRecords for most, before it for the newer operations.
enum class MarkerAt { after_max_records, before_max_records };

// Ends a listing's request with its page size and the previous page's marker, in the model's member order,
// so that bodies match botocore's byte for byte.
common::HttpRequest paged_request(std::string_view action, QueryParamsBuilder params,
                                  const std::optional<std::string>& marker, int max_records,
                                  MarkerAt marker_at = MarkerAt::after_max_records) {
  if (marker && marker_at == MarkerAt::before_max_records) params.add("Marker", *marker);
  params.add_integer("MaxRecords", max_records);
  if (marker && marker_at == MarkerAt::after_max_records) params.add("Marker", *marker);
  return make_query_request(action, kRdsApiVersion, std::move(params).params());
}

common::HttpRequest describe_request(std::string_view action, const std::optional<std::string>& marker, int max_records,
                                     const std::vector<RdsFilter>& filters) {
  QueryParamsBuilder params;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const std::string filter = query_list_item("Filters", "Filter", i);
    params.add(filter + ".Name", filters[i].name);
    params.add_list(filter + ".Values", "Value", filters[i].values);
  }
  return paged_request(action, std::move(params), marker, max_records);
}

// A parameter listing of one group or family: `name_parameter` names it, Source (when set) narrows it.
common::HttpRequest parameters_request(std::string_view action, std::string_view name_parameter, std::string_view name,
                                       const std::optional<std::string>& source,
                                       const std::optional<std::string>& marker, int max_records) {
  QueryParamsBuilder params;
  params.add(std::string(name_parameter), std::string(name));
  if (source) params.add("Source", *source);
  return paged_request(action, std::move(params), marker, max_records);
}

Tags read_tags(const XmlElement& resource) {
  Tags tags;
  for (const auto& tag : resource.list("TagList", "Tag")) {
    tags.emplace_back(tag.required_text("Key"), tag.optional_text("Value").value_or(""));
  }
  return tags;
}

std::optional<std::string> read_marker(const XmlElement& result) {
  auto marker = result.optional_text("Marker");
  if (marker && marker->empty()) return std::nullopt;
  return marker;
}

DbInstance read_instance(const XmlElement& element) {
  DbInstance instance;
  instance.identifier = element.required_text("DBInstanceIdentifier");
  instance.arn = element.optional_text("DBInstanceArn").value_or("");
  instance.resource_id = element.optional_text("DbiResourceId").value_or("");
  instance.engine = element.optional_text("Engine").value_or("");
  instance.engine_version = element.optional_text("EngineVersion").value_or("");
  instance.instance_class = element.optional_text("DBInstanceClass").value_or("");
  instance.status = element.optional_text("DBInstanceStatus").value_or("");
  instance.availability_zone = element.optional_text("AvailabilityZone").value_or("");
  instance.multi_az = element.optional_bool("MultiAZ").value_or(false);
  instance.storage_type = element.optional_text("StorageType").value_or("");
  instance.allocated_storage = element.optional_integer("AllocatedStorage").value_or(0);
  instance.cluster_identifier = element.optional_text("DBClusterIdentifier");
  instance.read_replica_source = element.optional_text("ReadReplicaSourceDBInstanceIdentifier");
  instance.performance_insights_enabled = element.optional_bool("PerformanceInsightsEnabled").value_or(false);
  instance.monitoring_interval = element.optional_integer("MonitoringInterval").value_or(0);
  instance.enhanced_monitoring_resource_arn = element.optional_text("EnhancedMonitoringResourceArn");
  instance.tags = read_tags(element);
  instance.instance_create_time = element.optional_text("InstanceCreateTime");
  instance.max_allocated_storage = element.optional_integer("MaxAllocatedStorage");
  instance.iops = element.optional_integer("Iops");
  instance.storage_throughput = element.optional_integer("StorageThroughput");
  instance.backup_retention_period = element.optional_integer("BackupRetentionPeriod").value_or(0);
  instance.ca_certificate_identifier = element.optional_text("CACertificateIdentifier").value_or("");
  if (const auto certificate = element.child("CertificateDetails")) {
    instance.certificate_valid_till = certificate->optional_timestamp_text("ValidTill");
  }
  instance.deletion_protection = element.optional_bool("DeletionProtection").value_or(false);
  const auto pending = element.child("PendingModifiedValues");
  instance.pending_modified_values = pending && pending->has_child_elements();
  for (const auto& group : element.list("DBParameterGroups", "DBParameterGroup")) {
    instance.parameter_groups.push_back({group.optional_text("DBParameterGroupName").value_or(""),
                                         group.optional_text("ParameterApplyStatus").value_or("")});
  }
  return instance;
}

DbCluster read_cluster(const XmlElement& element) {
  DbCluster cluster;
  cluster.identifier = element.required_text("DBClusterIdentifier");
  cluster.arn = element.optional_text("DBClusterArn").value_or("");
  cluster.engine = element.optional_text("Engine").value_or("");
  cluster.engine_version = element.optional_text("EngineVersion").value_or("");
  cluster.status = element.optional_text("Status").value_or("");
  cluster.multi_az = element.optional_bool("MultiAZ").value_or(false);
  for (const auto& member : element.list("DBClusterMembers", "DBClusterMember")) {
    cluster.members.push_back(
        {member.required_text("DBInstanceIdentifier"), member.optional_bool("IsClusterWriter").value_or(false)});
  }
  cluster.tags = read_tags(element);
  cluster.resource_id = element.optional_text("DbClusterResourceId").value_or("");
  cluster.parameter_group = element.optional_text("DBClusterParameterGroup").value_or("");
  cluster.allocated_storage = element.optional_integer("AllocatedStorage").value_or(0);
  cluster.backup_retention_period = element.optional_integer("BackupRetentionPeriod").value_or(0);
  cluster.deletion_protection = element.optional_bool("DeletionProtection").value_or(false);
  cluster.cluster_create_time = element.optional_timestamp_text("ClusterCreateTime");
  if (const auto scaling = element.child("ServerlessV2ScalingConfiguration")) {
    cluster.serverless_min_capacity = scaling->optional_double("MinCapacity");
    cluster.serverless_max_capacity = scaling->optional_double("MaxCapacity");
  }
  return cluster;
}

PendingMaintenanceAction read_pending_action(const XmlElement& element) {
  return {.action = element.optional_text("Action").value_or(""),
          .description = element.optional_text("Description").value_or(""),
          .auto_applied_after = element.optional_timestamp_text("AutoAppliedAfterDate"),
          .forced_apply = element.optional_timestamp_text("ForcedApplyDate"),
          .current_apply = element.optional_timestamp_text("CurrentApplyDate"),
          .opt_in_status = element.optional_text("OptInStatus")};
}

ResourcePendingMaintenance read_pending_maintenance(const XmlElement& element) {
  ResourcePendingMaintenance resource;
  resource.resource_arn = element.required_text("ResourceIdentifier");
  for (const auto& action : element.list("PendingMaintenanceActionDetails", "PendingMaintenanceAction")) {
    resource.actions.push_back(read_pending_action(action));
  }
  return resource;
}

MajorEngineVersion read_major_engine_version(const XmlElement& element) {
  MajorEngineVersion version;
  version.engine = element.required_text("Engine");
  version.major_version = element.required_text("MajorEngineVersion");
  for (const auto& lifecycle : element.list("SupportedEngineLifecycles", "SupportedEngineLifecycle")) {
    version.lifecycles.push_back({lifecycle.required_text("LifecycleSupportName"),
                                  lifecycle.optional_timestamp_text("LifecycleSupportStartDate"),
                                  lifecycle.optional_timestamp_text("LifecycleSupportEndDate")});
  }
  return version;
}

AccountQuota read_account_quota(const XmlElement& element) {
  return {element.required_text("AccountQuotaName"), element.optional_integer("Used").value_or(0),
          element.optional_integer("Max").value_or(0)};
}

RdsEvent read_event(const XmlElement& element) {
  RdsEvent event;
  event.source_identifier = element.optional_text("SourceIdentifier").value_or("");
  event.source_type = element.optional_text("SourceType").value_or("");
  event.message = element.optional_text("Message").value_or("");
  for (const auto& category : element.list("EventCategories", "EventCategory")) {
    event.categories.push_back(category.text());
  }
  event.date = element.optional_timestamp_text("Date").value_or("");
  event.source_arn = element.optional_text("SourceArn").value_or("");
  return event;
}

DbParameter read_parameter(const XmlElement& element) {
  return {.name = element.required_text("ParameterName"),
          .value = element.optional_text("ParameterValue"),
          .source = element.optional_text("Source").value_or(""),
          .apply_type = element.optional_text("ApplyType").value_or(""),
          .data_type = element.optional_text("DataType").value_or(""),
          .modifiable = element.optional_bool("IsModifiable").value_or(false)};
}

// One page of `list_name`/`item_name` items in `parent` (the result, or a wrapper inside it), and its Marker.
template <typename T, typename Read>
Page<T> read_page(const XmlElement& parent, std::string_view list_name, std::string_view item_name, Read read) {
  Page<T> page;
  for (const auto& element : parent.list(list_name, item_name)) page.items.push_back(read(element));
  page.marker = read_marker(parent);
  return page;
}

template <typename T, typename Read>
common::Expected<Page<T>, AwsError> parse_page(const common::HttpResponse& response, std::string_view operation,
                                               std::string_view list_name, std::string_view item_name, Read read) {
  return read_query_result<Page<T>>(response, operation, [&](const XmlElement& result) {
    return read_page<T>(result, list_name, item_name, read);
  });
}

// DescribeEngineDefaultParameters and DescribeEngineDefaultClusterParameters: the page, Marker included, sits
// in EngineDefaults.
common::Expected<Page<DbParameter>, AwsError> parse_engine_defaults(const common::HttpResponse& response,
                                                                    std::string_view operation) {
  return read_query_result<Page<DbParameter>>(response, operation, [](const XmlElement& result) {
    return read_page<DbParameter>(result.required_child("EngineDefaults"), "Parameters", "Parameter", read_parameter);
  });
}

}  // namespace

common::HttpRequest describe_db_instances_request(const std::optional<std::string>& marker, int max_records,
                                                  const std::vector<RdsFilter>& filters) {
  return describe_request("DescribeDBInstances", marker, max_records, filters);
}

common::HttpRequest describe_db_clusters_request(const std::optional<std::string>& marker, int max_records,
                                                 const std::vector<RdsFilter>& filters) {
  return describe_request("DescribeDBClusters", marker, max_records, filters);
}

common::HttpRequest describe_pending_maintenance_actions_request(const std::optional<std::string>& marker,
                                                                 int max_records) {
  return paged_request("DescribePendingMaintenanceActions", {}, marker, max_records, MarkerAt::before_max_records);
}

common::HttpRequest describe_db_major_engine_versions_request(const std::optional<std::string>& marker, int max_records,
                                                              const std::optional<std::string>& engine) {
  QueryParamsBuilder params;
  if (engine) params.add("Engine", *engine);
  return paged_request("DescribeDBMajorEngineVersions", std::move(params), marker, max_records,
                       MarkerAt::before_max_records);
}

common::HttpRequest describe_account_attributes_request() {
  return make_query_request("DescribeAccountAttributes", kRdsApiVersion, {});
}

common::HttpRequest describe_events_request(const EventsQuery& query, const std::optional<std::string>& marker,
                                            int max_records) {
  QueryParamsBuilder params;
  params.add("StartTime", query.start_time);
  if (query.end_time) params.add("EndTime", *query.end_time);
  return paged_request("DescribeEvents", std::move(params), marker, max_records);
}

common::HttpRequest describe_db_parameters_request(std::string_view group, const std::optional<std::string>& source,
                                                   const std::optional<std::string>& marker, int max_records) {
  return parameters_request("DescribeDBParameters", "DBParameterGroupName", group, source, marker, max_records);
}

common::HttpRequest describe_db_cluster_parameters_request(std::string_view group,
                                                           const std::optional<std::string>& source,
                                                           const std::optional<std::string>& marker, int max_records) {
  return parameters_request("DescribeDBClusterParameters", "DBClusterParameterGroupName", group, source, marker,
                            max_records);
}

common::HttpRequest describe_engine_default_parameters_request(std::string_view family,
                                                               const std::optional<std::string>& marker,
                                                               int max_records) {
  return parameters_request("DescribeEngineDefaultParameters", "DBParameterGroupFamily", family, std::nullopt, marker,
                            max_records);
}

common::HttpRequest describe_engine_default_cluster_parameters_request(std::string_view family,
                                                                       const std::optional<std::string>& marker,
                                                                       int max_records) {
  return parameters_request("DescribeEngineDefaultClusterParameters", "DBParameterGroupFamily", family, std::nullopt,
                            marker, max_records);
}

common::Expected<Page<DbInstance>, AwsError> parse_describe_db_instances(const common::HttpResponse& response) {
  return parse_page<DbInstance>(response, "DescribeDBInstances", "DBInstances", "DBInstance", read_instance);
}

common::Expected<Page<DbCluster>, AwsError> parse_describe_db_clusters(const common::HttpResponse& response) {
  return parse_page<DbCluster>(response, "DescribeDBClusters", "DBClusters", "DBCluster", read_cluster);
}

common::Expected<Page<ResourcePendingMaintenance>, AwsError> parse_describe_pending_maintenance_actions(
    const common::HttpResponse& response) {
  return parse_page<ResourcePendingMaintenance>(response, "DescribePendingMaintenanceActions",
                                                "PendingMaintenanceActions", "ResourcePendingMaintenanceActions",
                                                read_pending_maintenance);
}

common::Expected<Page<MajorEngineVersion>, AwsError> parse_describe_db_major_engine_versions(
    const common::HttpResponse& response) {
  return parse_page<MajorEngineVersion>(response, "DescribeDBMajorEngineVersions", "DBMajorEngineVersions",
                                        "DBMajorEngineVersion", read_major_engine_version);
}

common::Expected<std::vector<AccountQuota>, AwsError> parse_describe_account_attributes(
    const common::HttpResponse& response) {
  return read_query_result<std::vector<AccountQuota>>(
      response, "DescribeAccountAttributes", [](const XmlElement& result) {
        std::vector<AccountQuota> quotas;
        for (const auto& quota : result.list("AccountQuotas", "AccountQuota")) {
          quotas.push_back(read_account_quota(quota));
        }
        return quotas;
      });
}

common::Expected<Page<RdsEvent>, AwsError> parse_describe_events(const common::HttpResponse& response) {
  return parse_page<RdsEvent>(response, "DescribeEvents", "Events", "Event", read_event);
}

common::Expected<Page<DbParameter>, AwsError> parse_describe_db_parameters(const common::HttpResponse& response) {
  return parse_page<DbParameter>(response, "DescribeDBParameters", "Parameters", "Parameter", read_parameter);
}

common::Expected<Page<DbParameter>, AwsError> parse_describe_db_cluster_parameters(
    const common::HttpResponse& response) {
  return parse_page<DbParameter>(response, "DescribeDBClusterParameters", "Parameters", "Parameter", read_parameter);
}

common::Expected<Page<DbParameter>, AwsError> parse_describe_engine_default_parameters(
    const common::HttpResponse& response) {
  return parse_engine_defaults(response, "DescribeEngineDefaultParameters");
}

common::Expected<Page<DbParameter>, AwsError> parse_describe_engine_default_cluster_parameters(
    const common::HttpResponse& response) {
  return parse_engine_defaults(response, "DescribeEngineDefaultClusterParameters");
}

}  // namespace rds_exporter::aws
