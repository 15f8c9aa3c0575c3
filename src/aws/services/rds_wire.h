#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/sigv4/http_request.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"

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
  Tags tags;
  // As AWS writes it ("2023-02-14T09:21:07.112Z"); absent while the instance is being created.
  std::optional<std::string> instance_create_time;
};

struct DbClusterMember {
  std::string instance_identifier;
  // The writer; the CloudWatch Role dimension calls the others READER.
  bool is_writer = false;
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
};

// DescribeDBInstances, MaxRecords 20-100 on AWS's side; `marker` is the previous page's.
HttpRequest describe_db_instances_request(const std::optional<std::string>& marker, int max_records = 100,
                                          const std::vector<RdsFilter>& filters = {});
HttpRequest describe_db_clusters_request(const std::optional<std::string>& marker, int max_records = 100,
                                         const std::vector<RdsFilter>& filters = {});

// A non-2xx answer gives the Query error it carries; an answer without an instance identifier, or with
// a boolean or number that is not one, gives a malformed_response error naming the element. An absent or
// empty Marker means the last page.
common::Expected<Page<DbInstance>, AwsError> parse_describe_db_instances(const HttpResponse& response);
common::Expected<Page<DbCluster>, AwsError> parse_describe_db_clusters(const HttpResponse& response);

}  // namespace rds_exporter::aws
