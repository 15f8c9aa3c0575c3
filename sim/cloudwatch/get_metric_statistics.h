#pragma once

#include "sim/cloudwatch/metric_series.h"
#include "sim/cloudwatch/statistic.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"
#include "sim/protocol/query_parameters.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

inline constexpr std::int64_t kMaxStatisticsDatapoints = 1440;

// The basic statistics in the order a Datapoint lists them.
inline constexpr std::array<Statistic::Kind, 5> kBasicStatisticOrder = {
    Statistic::Kind::kSampleCount, Statistic::Kind::kAverage, Statistic::Kind::kSum, Statistic::Kind::kMinimum,
    Statistic::Kind::kMaximum};

struct GetMetricStatisticsRequest {
  std::string namespace_name;
  std::string metric_name;
  std::vector<Dimension> dimensions;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t period = 60;
  // Statistics, indexed as kBasicStatisticOrder.
  std::array<bool, 5> basic{};
  // ExtendedStatistics as written ("p99") with what they mean.
  std::vector<std::pair<std::string, Statistic>> percentiles;
  std::optional<std::string> unit;
};

// Reads and validates GetMetricStatistics as CloudWatch does: MissingParameter naming every required parameter
// that is absent (Namespace, MetricName, StartTime, EndTime, Period), InvalidParameterValue for the first value
// that is wrong (a period other than 1, 5, 10, 20, 30 or a multiple of 60, an unknown statistic, StartTime not
// before EndTime, more than 5 Statistics, 10 ExtendedStatistics or 30 Dimensions), InvalidParameterCombination
// unless exactly one of Statistics and ExtendedStatistics is given.
std::variant<GetMetricStatisticsRequest, ApiError> read_get_metric_statistics(const QueryParameters& params);

struct StatisticsDatapoint {
  std::int64_t timestamp = 0;
  // The requested basic statistics, indexed as kBasicStatisticOrder.
  std::array<std::optional<double>, 5> basic{};
  std::vector<std::pair<std::string, double>> percentiles;
};

struct MetricStatistics {
  std::string label;
  // The metric's unit; empty when there are no datapoints.
  std::string_view unit;
  std::vector<StatisticsDatapoint> datapoints;
};

// The datapoints of one metric (the same series and values as GetMetricData, metric_values.h), in an order that
// is not chronological (by a hash of the timestamp), as AWS warns clients. More than 1,440 datapoints in the
// window is InvalidParameterCombination, counted as (EndTime - StartTime) / Period rounded up.
std::variant<MetricStatistics, ApiError> get_metric_statistics(const GetMetricStatisticsRequest& request,
                                                               const Fleet& fleet, std::int64_t now);

}  // namespace rds_exporter::sim::cloudwatch
