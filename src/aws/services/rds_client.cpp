#include "aws/services/rds_client.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
namespace {

constexpr int kLargestPage = 100;

template <typename Item, typename MakeRequest, typename Parse>
common::Expected<std::vector<Item>, AwsError> walk_pages(const ServiceClient& client, std::string_view operation,
                                                         MakeRequest make_request, Parse parse) {
  std::vector<Item> items;
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
    const std::vector<RdsFilter>& filters) const {
  return walk_pages<DbInstance>(
      client_, "DescribeDBInstances",
      [&](const std::optional<std::string>& marker) {
        return describe_db_instances_request(marker, kLargestPage, filters);
      },
      parse_describe_db_instances);
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

}  // namespace rds_exporter::aws
