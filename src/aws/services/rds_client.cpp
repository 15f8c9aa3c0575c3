#include "aws/services/rds_client.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
namespace {

// The most every listing here allows (MaxRecords 20-100), so the fewest calls.
constexpr int kLargestPage = 100;

template <typename Item, typename MakeRequest, typename Parse>
common::Expected<std::vector<Item>, AwsError> walk_pages(const ServiceClient& client, std::string_view operation,
                                                         MakeRequest make_request, Parse parse,
                                                         std::size_t expected = 0) {
  std::vector<Item> items;
  items.reserve(expected);
  std::optional<std::string> marker;
  do {
    auto page = client.call_and_parse(operation, make_request(marker), decode_query_error, parse);
    if (!page) return common::Unexpected{std::move(page).error()};
    std::move(page->items.begin(), page->items.end(), std::back_inserter(items));
    marker = std::move(page->marker);
  } while (marker);
  return items;
}

}  // namespace

RdsClient::RdsClient(ServiceClient client) : client_(std::move(client)) {}

common::Expected<std::vector<DbInstance>, AwsError> RdsClient::describe_db_instances(
    const std::vector<RdsFilter>& filters, std::size_t expected) const {
  return walk_pages<DbInstance>(
      client_, "DescribeDBInstances",
      [&](const std::optional<std::string>& marker) {
        return describe_db_instances_request(marker, kLargestPage, filters);
      },
      parse_describe_db_instances, expected);
}

common::Expected<std::vector<DbCluster>, AwsError> RdsClient::describe_db_clusters(
    const std::vector<RdsFilter>& filters) const {
  return walk_pages<DbCluster>(
      client_, "DescribeDBClusters",
      [&](const std::optional<std::string>& marker) {
        return describe_db_clusters_request(marker, kLargestPage, filters);
      },
      parse_describe_db_clusters);
}

common::Expected<std::vector<ResourcePendingMaintenance>, AwsError> RdsClient::describe_pending_maintenance_actions()
    const {
  return walk_pages<ResourcePendingMaintenance>(
      client_, "DescribePendingMaintenanceActions",
      [](const std::optional<std::string>& marker) {
        return describe_pending_maintenance_actions_request(marker, kLargestPage);
      },
      parse_describe_pending_maintenance_actions);
}

common::Expected<std::vector<MajorEngineVersion>, AwsError> RdsClient::describe_db_major_engine_versions(
    const std::optional<std::string>& engine) const {
  return walk_pages<MajorEngineVersion>(
      client_, "DescribeDBMajorEngineVersions",
      [&](const std::optional<std::string>& marker) {
        return describe_db_major_engine_versions_request(marker, kLargestPage, engine);
      },
      parse_describe_db_major_engine_versions);
}

// Not paginated: one answer lists every quota.
common::Expected<std::vector<AccountQuota>, AwsError> RdsClient::describe_account_attributes() const {
  return client_.call_and_parse("DescribeAccountAttributes", describe_account_attributes_request(),
                                decode_query_error, parse_describe_account_attributes);
}

common::Expected<std::vector<RdsEvent>, AwsError> RdsClient::describe_events(const EventsQuery& query) const {
  return walk_pages<RdsEvent>(
      client_, "DescribeEvents",
      [&](const std::optional<std::string>& marker) { return describe_events_request(query, marker, kLargestPage); },
      parse_describe_events);
}

common::Expected<std::vector<DbParameter>, AwsError> RdsClient::describe_db_parameters(
    std::string_view group, const std::optional<std::string>& source) const {
  return walk_pages<DbParameter>(
      client_, "DescribeDBParameters",
      [&](const std::optional<std::string>& marker) {
        return describe_db_parameters_request(group, source, marker, kLargestPage);
      },
      parse_describe_db_parameters);
}

common::Expected<std::vector<DbParameter>, AwsError> RdsClient::describe_db_cluster_parameters(
    std::string_view group, const std::optional<std::string>& source) const {
  return walk_pages<DbParameter>(
      client_, "DescribeDBClusterParameters",
      [&](const std::optional<std::string>& marker) {
        return describe_db_cluster_parameters_request(group, source, marker, kLargestPage);
      },
      parse_describe_db_cluster_parameters);
}

common::Expected<std::vector<DbParameter>, AwsError> RdsClient::describe_engine_default_parameters(
    std::string_view family) const {
  return walk_pages<DbParameter>(
      client_, "DescribeEngineDefaultParameters",
      [&](const std::optional<std::string>& marker) {
        return describe_engine_default_parameters_request(family, marker, kLargestPage);
      },
      parse_describe_engine_default_parameters);
}

common::Expected<std::vector<DbParameter>, AwsError> RdsClient::describe_engine_default_cluster_parameters(
    std::string_view family) const {
  return walk_pages<DbParameter>(
      client_, "DescribeEngineDefaultClusterParameters",
      [&](const std::optional<std::string>& marker) {
        return describe_engine_default_cluster_parameters_request(family, marker, kLargestPage);
      },
      parse_describe_engine_default_cluster_parameters);
}

}  // namespace rds_exporter::aws
