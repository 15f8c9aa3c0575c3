#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::aws {

// The RDS Query API's requests and answers as the exporter uses them: pure functions, no I/O.

inline constexpr std::string_view kRdsApiVersion = "2014-10-31";

// A server-side filter such as {"engine", {"postgres", "aurora-postgresql"}}; names and values are
// case-sensitive on AWS's side.
struct RdsFilter {
  std::string name;
  std::vector<std::string> values;
};

// Key/value pairs in the order AWS lists them, XML entities decoded.
using Tags = std::vector<std::pair<std::string, std::string>>;

// One page of a Marker-paginated listing; `marker` is set while more pages follow.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> marker;
};

struct DbParameterGroupStatus {
  std::string name;
  // "in-sync", "pending-reboot", "applying".
  std::string apply_status;

  friend bool operator==(const DbParameterGroupStatus&, const DbParameterGroupStatus&) = default;
};

struct DbInstance {
  // The CloudWatch dimension value DBInstanceIdentifier; always set.
  std::string identifier;
  std::string arn;
  // DbiResourceId ("db-…"), immutable, unlike the identifier.
  std::string resource_id;
  std::string engine;
  std::string engine_version;
  std::string instance_class;
  std::string status;
  std::string availability_zone;
  bool multi_az = false;
  std::string storage_type;
  // GiB; not meaningful for Aurora, which reports 1.
  std::int64_t allocated_storage = 0;
  // Set for members of an Aurora or Multi-AZ DB cluster.
  std::optional<std::string> cluster_identifier;
  // Set on read replicas; an ARN for a cross-region source.
  std::optional<std::string> read_replica_source;
  bool performance_insights_enabled = false;
  // Enhanced Monitoring interval in seconds, 0 when off.
  std::int64_t monitoring_interval = 0;
  // The CloudWatch Logs stream Enhanced Monitoring writes to
  // ("arn:aws:logs:<region>:<account>:log-group:RDSOSMetrics:log-stream:<DbiResourceId>"); absent when off.
  std::optional<std::string> enhanced_monitoring_resource_arn;
  Tags tags;
  // As AWS writes it ("2023-02-14T09:21:07.112Z"); absent while the instance is being created.
  std::optional<std::string> instance_create_time;
  // Storage autoscaling's limit in GiB; absent when autoscaling is off.
  std::optional<std::int64_t> max_allocated_storage;
  // Provisioned IOPS and throughput (MiB/s) as DescribeDBInstances reports them (io1, io2, gp3); absent otherwise.
  std::optional<std::int64_t> iops;
  std::optional<std::int64_t> storage_throughput;
  // Days; 0 when automated backups are off.
  std::int64_t backup_retention_period = 0;
  std::string ca_certificate_identifier;
  // CertificateDetails.ValidTill, as AWS writes it.
  std::optional<std::string> certificate_valid_till;
  bool deletion_protection = false;
  // Whether PendingModifiedValues lists any change.
  bool pending_modified_values = false;
  // DBParameterGroups, in AWS's order (one for every engine today).
  std::vector<DbParameterGroupStatus> parameter_groups;

  friend bool operator==(const DbInstance&, const DbInstance&) = default;
};

struct DbClusterMember {
  std::string instance_identifier;
  // The writer; the CloudWatch Role dimension calls the others READER.
  bool is_writer = false;

  friend bool operator==(const DbClusterMember&, const DbClusterMember&) = default;
};

struct DbCluster {
  // Always set.
  std::string identifier;
  std::string arn;
  std::string engine;
  std::string engine_version;
  std::string status;
  bool multi_az = false;
  std::vector<DbClusterMember> members;
  Tags tags;
  // DbClusterResourceId ("cluster-…").
  std::string resource_id;
  // DBClusterParameterGroup; empty when absent.
  std::string parameter_group;
  // GiB for Multi-AZ DB clusters; Aurora reports 1.
  std::int64_t allocated_storage = 0;
  std::int64_t backup_retention_period = 0;
  bool deletion_protection = false;
  std::optional<std::string> cluster_create_time;
  // Aurora Serverless v2 capacity range (ACUs); absent when not configured.
  std::optional<double> serverless_min_capacity;
  std::optional<double> serverless_max_capacity;

  friend bool operator==(const DbCluster&, const DbCluster&) = default;
};

// One action of DescribePendingMaintenanceActions' PendingMaintenanceActionDetails.
struct PendingMaintenanceAction {
  // "system-update", "db-upgrade", "os-upgrade", "ca-certificate-rotation", ...
  std::string action;
  std::string description;
  // As AWS writes them (ISO 8601); absent when AWS gives none.
  std::optional<std::string> auto_applied_after;
  std::optional<std::string> forced_apply;
  std::optional<std::string> current_apply;
  std::optional<std::string> opt_in_status;
};

// The pending actions of one resource (an instance or a cluster), named by its ARN.
struct ResourcePendingMaintenance {
  std::string resource_arn;
  std::vector<PendingMaintenanceAction> actions;
};

// One lifecycle of SupportedEngineLifecycles.
struct EngineLifecycle {
  // "open-source-rds-standard-support" or "open-source-rds-extended-support".
  std::string name;
  std::optional<std::string> start;
  std::optional<std::string> end;
};

// One DBMajorEngineVersion of DescribeDBMajorEngineVersions.
struct MajorEngineVersion {
  std::string engine;
  // "8.0", "16", "10.11".
  std::string major_version;
  std::vector<EngineLifecycle> lifecycles;
};

// One AccountQuota of DescribeAccountAttributes ("DBInstances", "AllocatedStorage", ...), in AWS's units.
struct AccountQuota {
  std::string name;
  std::int64_t used = 0;
  std::int64_t max = 0;
};

// One Event of DescribeEvents.
struct RdsEvent {
  std::string source_identifier;
  // "db-instance", "db-cluster", "db-parameter-group", "db-snapshot", ...
  std::string source_type;
  std::string message;
  std::vector<std::string> categories;
  // As AWS writes it (ISO 8601).
  std::string date;
  std::string source_arn;
};

// One Parameter of DescribeDBParameters, DescribeDBClusterParameters and the engine-default listings.
struct DbParameter {
  std::string name;
  // Absent when the parameter has no value set; may be a formula ("{DBInstanceClassMemory/12582880}").
  std::optional<std::string> value;
  // "user", "system" or "engine-default".
  std::string source;
  std::string apply_type;
  std::string data_type;
  bool modifiable = false;
};

struct EventsQuery {
  // StartTime (ISO 8601, inclusive), and EndTime when set.
  std::string start_time;
  std::optional<std::string> end_time;
};

// DescribeDBInstances, MaxRecords 20-100 on AWS's side; `marker` is the previous page's.
common::HttpRequest describe_db_instances_request(const std::optional<std::string>& marker, int max_records = 100,
                                                  const std::vector<RdsFilter>& filters = {});
common::HttpRequest describe_db_clusters_request(const std::optional<std::string>& marker, int max_records = 100,
                                                 const std::vector<RdsFilter>& filters = {});

common::HttpRequest describe_pending_maintenance_actions_request(const std::optional<std::string>& marker,
                                                                 int max_records = 100);
common::HttpRequest describe_db_major_engine_versions_request(const std::optional<std::string>& marker,
                                                              int max_records = 100,
                                                              const std::optional<std::string>& engine = std::nullopt);
common::HttpRequest describe_account_attributes_request();
common::HttpRequest describe_events_request(const EventsQuery& query, const std::optional<std::string>& marker,
                                            int max_records = 100);
// DescribeDBParameters / DescribeDBClusterParameters for one group; `source` ("user", ...) when set.
common::HttpRequest describe_db_parameters_request(std::string_view group, const std::optional<std::string>& source,
                                                   const std::optional<std::string>& marker, int max_records = 100);
common::HttpRequest describe_db_cluster_parameters_request(std::string_view group,
                                                           const std::optional<std::string>& source,
                                                           const std::optional<std::string>& marker,
                                                           int max_records = 100);
// DescribeEngineDefaultParameters / DescribeEngineDefaultClusterParameters for one family ("mysql8.0").
common::HttpRequest describe_engine_default_parameters_request(std::string_view family,
                                                               const std::optional<std::string>& marker,
                                                               int max_records = 100);
common::HttpRequest describe_engine_default_cluster_parameters_request(std::string_view family,
                                                                       const std::optional<std::string>& marker,
                                                                       int max_records = 100);

// A non-2xx answer gives the Query error it carries; an answer without an item's key (an instance or cluster
// identifier, a ResourceIdentifier, an Engine and MajorEngineVersion, a LifecycleSupportName, an
// AccountQuotaName, a ParameterName), or with a boolean, number or time that is not one, gives a
// malformed_response error naming the element. Times are checked but kept as AWS writes them (the
// pre-existing InstanceCreateTime is not checked). An absent or empty Marker means the last page.
common::Expected<Page<DbInstance>, AwsError> parse_describe_db_instances(const common::HttpResponse& response);
common::Expected<Page<DbCluster>, AwsError> parse_describe_db_clusters(const common::HttpResponse& response);
common::Expected<Page<ResourcePendingMaintenance>, AwsError> parse_describe_pending_maintenance_actions(
    const common::HttpResponse& response);
common::Expected<Page<MajorEngineVersion>, AwsError> parse_describe_db_major_engine_versions(
    const common::HttpResponse& response);
common::Expected<std::vector<AccountQuota>, AwsError> parse_describe_account_attributes(
    const common::HttpResponse& response);
common::Expected<Page<RdsEvent>, AwsError> parse_describe_events(const common::HttpResponse& response);
common::Expected<Page<DbParameter>, AwsError> parse_describe_db_parameters(const common::HttpResponse& response);
common::Expected<Page<DbParameter>, AwsError> parse_describe_db_cluster_parameters(
    const common::HttpResponse& response);
// Both engine-default listings wrap their page in EngineDefaults.
common::Expected<Page<DbParameter>, AwsError> parse_describe_engine_default_parameters(
    const common::HttpResponse& response);
common::Expected<Page<DbParameter>, AwsError> parse_describe_engine_default_cluster_parameters(
    const common::HttpResponse& response);

}  // namespace rds_exporter::aws
