#include "sim/rds/filters.h"

#include "sim/fleet/engine_catalog.h"
#include "sim/protocol/common_errors.h"
#include "sim/rds/rds_errors.h"

#include <algorithm>

namespace rds_exporter::sim {

bool Filter::accepts(std::string_view value) const {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::variant<std::vector<Filter>, ApiError> read_filters(const QueryParameters& params,
                                                         std::span<const std::string_view> supported) {
  std::vector<Filter> filters;
  for (const auto& [index, item] : params.list_items("Filters.Filter")) {
    const std::string prefix = "Filters.Filter." + std::to_string(index) + ".";
    const std::string* name = item.find("Name");
    if (name == nullptr) return missing_parameter(prefix + "Name");
    if (std::find(supported.begin(), supported.end(), *name) == supported.end()) return unrecognized_filter_name(*name);
    Filter filter{*name, item.list_values("Values.Value")};
    if (filter.values.empty()) return missing_parameter(prefix + "Values");
    if (filter.name == "engine") {
      for (const auto& engine : filter.values) {
        if (find_engine(engine) == nullptr) return unrecognized_engine_name(engine);
      }
    }
    filters.push_back(std::move(filter));
  }
  return filters;
}

}  // namespace rds_exporter::sim
