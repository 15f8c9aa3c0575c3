#pragma once

#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// Which page of a Describe* listing a request asks for: MaxRecords (20 to 100, default 100) and the Marker
// from the previous page.
struct PageRequest {
  std::size_t max_records = 100;
  // The identifier the previous page ended with; empty for the first page.
  std::string after;
};

std::variant<PageRequest, ApiError> read_page_request(const QueryParameters& params);

// The opaque Marker for a page that ends with `identifier`. It names the identifier rather than a position, so
// a listing carries on correctly when instances come or go between pages, as RDS's does.
std::string marker_after(std::string_view identifier);

template <class Item>
struct Page {
  std::vector<const Item*> items;
  // Set when more matching items follow this page.
  std::optional<std::string> marker;
};

// The next page of the items (sorted by identifier) that satisfy `matches`.
template <class Item, class Matches>
Page<Item> select_page(std::span<const Item> sorted_items, const PageRequest& request, Matches matches) {
  Page<Item> page;
  auto it = std::upper_bound(sorted_items.begin(), sorted_items.end(), request.after,
                             [](const std::string& after, const Item& item) { return after < item.identifier; });
  for (; it != sorted_items.end(); ++it) {
    if (!matches(*it)) continue;
    if (page.items.size() == request.max_records) {
      page.marker = marker_after(page.items.back()->identifier);
      break;
    }
    page.items.push_back(&*it);
  }
  return page;
}

}  // namespace rds_exporter::sim
