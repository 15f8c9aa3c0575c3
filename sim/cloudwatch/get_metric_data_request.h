#pragma once

#include "sim/cloudwatch/metric_series.h"
#include "sim/cloudwatch/statistic.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

inline constexpr std::size_t kMaxMetricDataQueries = 500;
// Per response, and the default of MaxDatapoints.
inline constexpr std::size_t kMaxDatapointsPerResponse = 100800;

struct MetricStat {
  std::string namespace_name;
  std::string metric_name;
  std::vector<Dimension> dimensions;
  std::int64_t period = 60;
  // As the client wrote it ("p99.0"), for labels; `statistic` is what it means.
  std::string stat;
  Statistic statistic;
  std::optional<std::string> unit;
};

struct MetricDataQuery {
  std::string id;
  std::optional<std::string> label;
  bool return_data = true;
  MetricStat metric_stat;
};

enum class ScanBy { kTimestampDescending, kTimestampAscending };

// A GetMetricData request that passed CloudWatch's validation; times in seconds since the epoch.
struct GetMetricDataRequest {
  std::vector<MetricDataQuery> queries;
  std::int64_t start = 0;
  std::int64_t end = 0;
  ScanBy scan_by = ScanBy::kTimestampDescending;
  std::size_t max_datapoints = kMaxDatapointsPerResponse;
  std::optional<std::string> next_token;
};

// Reads and validates GetMetricData's parameters (Query names; JSON bodies are flattened to them) as CloudWatch
// does: more than 500 queries is refused outright; then every missing or malformed parameter is listed in one
// ValidationError (Ids must match ^[a-z][a-zA-Z0-9_]*$, periods be 1, 5, 10, 20, 30 or a multiple of 60, Stat a
// statistic, StartTime before EndTime, at most 30 dimensions); then Ids must be unique. A query with an
// Expression (metric math, Metrics Insights) is refused too, as the simulator does not evaluate them.
// MaxDatapoints above 100,800 counts as 100,800; Unit is not checked against StandardUnit (a unit the metric
// does not have just matches no data).
std::variant<GetMetricDataRequest, ApiError> read_get_metric_data(const QueryParameters& params);

}  // namespace rds_exporter::sim::cloudwatch
