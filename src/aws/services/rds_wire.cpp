#include "aws/services/rds_wire.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
namespace {

HttpRequest describe_request(std::string_view action, const std::optional<std::string>& marker, int max_records,
                             const std::vector<RdsFilter>& filters) {
  QueryParamsBuilder params;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const std::string filter = query_list_item("Filters", "Filter", i);
    params.add(filter + ".Name", filters[i].name);
    params.add_list(filter + ".Values", "Value", filters[i].values);
  }
  params.add_integer("MaxRecords", max_records);
  if (marker) params.add("Marker", *marker);
  return make_query_request(action, kRdsApiVersion, std::move(params).params());
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
  instance.tags = read_tags(element);
  instance.instance_create_time = element.optional_text("InstanceCreateTime");
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
  return cluster;
}

}  // namespace

HttpRequest describe_db_instances_request(const std::optional<std::string>& marker, int max_records,
                                          const std::vector<RdsFilter>& filters) {
  return describe_request("DescribeDBInstances", marker, max_records, filters);
}

HttpRequest describe_db_clusters_request(const std::optional<std::string>& marker, int max_records,
                                         const std::vector<RdsFilter>& filters) {
  return describe_request("DescribeDBClusters", marker, max_records, filters);
}

common::Expected<Page<DbInstance>, AwsError> parse_describe_db_instances(const HttpResponse& response) {
  return read_query_result<Page<DbInstance>>(response, "DescribeDBInstances", [](const XmlElement& result) {
    Page<DbInstance> page;
    for (const auto& element : result.list("DBInstances", "DBInstance")) page.items.push_back(read_instance(element));
    page.marker = read_marker(result);
    return page;
  });
}

common::Expected<Page<DbCluster>, AwsError> parse_describe_db_clusters(const HttpResponse& response) {
  return read_query_result<Page<DbCluster>>(response, "DescribeDBClusters", [](const XmlElement& result) {
    Page<DbCluster> page;
    for (const auto& element : result.list("DBClusters", "DBCluster")) page.items.push_back(read_cluster(element));
    page.marker = read_marker(result);
    return page;
  });
}

}  // namespace rds_exporter::aws
