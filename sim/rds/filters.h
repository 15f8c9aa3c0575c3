#pragma once

#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// One of the Filters of a Describe* request: an item matches when its property equals any of the values.
struct Filter {
  std::string name;
  std::vector<std::string> values;

  bool accepts(std::string_view value) const;
};

// Filters.Filter.N.Name and Filters.Filter.N.Values.Value.M, in N order. A name outside `supported` is
// "Unrecognized filter name", an engine filter value outside RDS's engines "Unrecognized engine name", as
// RDS answers them.
std::variant<std::vector<Filter>, ApiError> read_filters(const QueryParameters& params,
                                                         std::span<const std::string_view> supported);

}  // namespace rds_exporter::sim
