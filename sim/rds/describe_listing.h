#pragma once

#include "sim/protocol/query_response.h"
#include "sim/protocol/query_service.h"
#include "sim/rds/filters.h"
#include "sim/rds/page_request.h"
#include "sim/rds/rds_api.h"
#include "sim/rds/resource_names.h"

#include <algorithm>
#include <span>
#include <string_view>

namespace rds_exporter::sim {

// What DescribeDBInstances and DescribeDBClusters share: one identifier parameter taking an identifier or
// ARN, Filters, MaxRecords/Marker paging over items sorted by identifier, and a list element of items.
template <class Item>
struct Listing {
  std::string_view operation;             // "DescribeDBInstances"
  std::string_view identifier_parameter;  // "DBInstanceIdentifier"
  std::string_view resource_type;         // "db", as in the resource's ARN
  std::string_view list_element;          // "DBInstances"
  std::span<const std::string_view> filter_names;
  std::span<const Item> (Fleet::*items)() const;
  const Item* (Fleet::*find)(std::string_view) const;
  ApiError (*not_found)(std::string_view);
  bool (*accepts)(const Item&, const Filter&, const Fleet&);
  void (*write)(XmlWriter&, const Item&, const Fleet&);
};

// The resource IAM checks a listing against: the named item, or all of them ("...:db:*").
std::string listing_resource_arn(const OperationCall& call, std::string_view identifier_parameter,
                                 std::string_view resource_type);

template <class Item>
OperationOutcome describe_listing(const Listing<Item>& listing, const OperationCall& call) {
  // About what one item takes in the response, so that a page is built without reallocating.
  constexpr std::size_t kBytesPerItem = 4096;
  auto page_request = read_page_request(call.params);
  if (auto* error = std::get_if<ApiError>(&page_request)) return std::move(*error);
  auto filters = read_filters(call.params, listing.filter_names);
  if (auto* error = std::get_if<ApiError>(&filters)) return std::move(*error);
  const auto& filter_list = std::get<std::vector<Filter>>(filters);

  const Item* only = nullptr;
  if (const std::string* wanted = call.params.find(listing.identifier_parameter)) {
    const auto identifier = identifier_or_arn(*wanted, listing.resource_type, call.fleet);
    only = identifier ? (call.fleet.*listing.find)(*identifier) : nullptr;
    if (only == nullptr) return listing.not_found(*wanted);
  }
  const Page<Item> page =
      select_page((call.fleet.*listing.items)(), std::get<PageRequest>(page_request), [&](const Item& item) {
        return (only == nullptr || &item == only) &&
               std::all_of(filter_list.begin(), filter_list.end(),
                           [&](const Filter& filter) { return listing.accepts(item, filter, call.fleet); });
      });
  return query_response(
      listing.operation, kRdsXmlNamespace, call.request_id,
      [&](XmlWriter& xml) {
        if (page.items.empty()) {
          xml.empty(listing.list_element);
        } else {
          xml.open(listing.list_element);
          for (const Item* item : page.items) listing.write(xml, *item, call.fleet);
          xml.close(listing.list_element);
        }
        if (page.marker) xml.text("Marker", *page.marker);
      },
      kBytesPerItem * (page.items.size() + 1));
}

}  // namespace rds_exporter::sim
