#pragma once

#include "sim/cloudwatch/metric_series.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

inline constexpr std::size_t kListMetricsPageSize = 500;

// A metric must have a dimension of this name, with this value when one is given.
struct DimensionFilter {
  std::string name;
  std::optional<std::string> value;
};

struct ListMetricsRequest {
  std::optional<std::string> namespace_name;
  std::optional<std::string> metric_name;
  std::vector<DimensionFilter> dimensions;
  std::optional<std::string> next_token;
};

// Namespace, MetricName, Dimensions (at most 10, each with a Name), NextToken, RecentlyActive (only "PT3H";
// every simulated metric is recent) and the cross-account parameters, which a single account ignores.
// MissingParameter or InvalidParameterValue as GetMetricStatistics reports them.
std::variant<ListMetricsRequest, ApiError> read_list_metrics(const QueryParameters& params);

struct MetricsPage {
  std::vector<MetricSeries> metrics;
  std::optional<std::string> next_token;
};

// The account's metrics (metric_series.h: all_series) that match every filter exactly, 500 a page as AWS pages
// them; a NextToken from another listing is InvalidParameterValue.
std::variant<MetricsPage, ApiError> list_metrics(const ListMetricsRequest& request, const Fleet& fleet);

}  // namespace rds_exporter::sim::cloudwatch
