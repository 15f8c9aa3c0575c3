#include "sim/cloudwatch/get_metric_statistics.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/cloudwatch/datapoint_times.h"
#include "sim/cloudwatch/metric_values.h"
#include "sim/cloudwatch/parameter_reader.h"
#include "sim/cloudwatch/time_arithmetic.h"

#include <algorithm>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::size_t kMaxStatistics = 5;
constexpr std::size_t kMaxExtendedStatistics = 10;

std::size_t basic_index(Statistic::Kind kind) {
  return static_cast<std::size_t>(std::find(kBasicStatisticOrder.begin(), kBasicStatisticOrder.end(), kind) -
                                  kBasicStatisticOrder.begin());
}

// The values of the list "<name>.member.N", each read by `parse`; recorded as invalid when `parse` fails.
template <class Parse>
std::vector<std::pair<std::string, Statistic>> read_statistics(ParameterReader& reader, std::string_view name,
                                                               std::size_t maximum, Parse parse) {
  const auto items = reader.items(name);
  std::vector<std::pair<std::string, Statistic>> statistics;
  if (items.size() > maximum) {
    reader.report().invalid(collection_size_line(name, maximum));
    return statistics;
  }
  for (const auto& [index, item] : items) {
    const std::string text = item.find("") != nullptr ? *item.find("") : std::string();
    if (const auto statistic = parse(text)) {
      statistics.emplace_back(text, *statistic);
    } else {
      reader.report().invalid(invalid_value_line(text, std::string(name) + ".member." + std::to_string(index)));
    }
  }
  return statistics;
}

// Not chronological, but the same order every time.
std::uint64_t scrambled(std::int64_t timestamp) {
  return static_cast<std::uint64_t>(timestamp) * 0x9e3779b97f4a7c15ULL;
}

}  // namespace

std::variant<GetMetricStatisticsRequest, ApiError> read_get_metric_statistics(const QueryParameters& params) {
  ValidationReport report;
  ParameterReader reader(params, report);
  GetMetricStatisticsRequest request;
  const std::string* namespace_name = reader.required("Namespace");
  const std::string* metric_name = reader.required("MetricName");
  request.dimensions = reader.dimensions("Dimensions", kMaxDimensions);
  const auto start = reader.timestamp("StartTime");
  const auto end = reader.timestamp("EndTime");
  const auto period = reader.period("Period");
  const auto basic = read_statistics(reader, "Statistics", kMaxStatistics, parse_basic_statistic);
  request.percentiles = read_statistics(reader, "ExtendedStatistics", kMaxExtendedStatistics, parse_percentile);
  if (start && end && *start == *end) report.invalid(start_equals_end_line());
  if (start && end && *start > *end) report.invalid(end_before_start_line());
  if (auto error = report.as_parameter_error()) return std::move(*error);

  if (basic.empty() && request.percentiles.empty()) return statistics_missing();
  if (!basic.empty() && !request.percentiles.empty()) return statistics_conflict();
  for (const auto& [text, statistic] : basic) request.basic[basic_index(statistic.kind)] = true;
  request.namespace_name = *namespace_name;
  request.metric_name = *metric_name;
  request.start = *start;
  request.end = *end;
  request.period = *period;
  if (const std::string* unit = reader.find("Unit")) request.unit = *unit;
  return request;
}

std::variant<MetricStatistics, ApiError> get_metric_statistics(const GetMetricStatisticsRequest& request,
                                                               const Fleet& fleet, std::int64_t now) {
  const std::int64_t requested = floor_div(request.end - request.start + request.period - 1, request.period);
  if (requested > kMaxStatisticsDatapoints) return too_many_datapoints(requested);

  MetricStatistics statistics;
  statistics.label = request.metric_name;
  auto series = find_series(fleet, request.namespace_name, request.metric_name, request.dimensions);
  if (!series || (request.unit && *request.unit != series->metric->unit)) return statistics;
  const DatapointTimes times(*series, {request.start, request.end, request.period}, now);
  if (times.size() > 0) statistics.unit = series->metric->unit;
  const SeriesShape shape(series->source_id, *series->metric);
  DatapointSamples samples;
  statistics.datapoints.reserve(times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    StatisticsDatapoint& datapoint = statistics.datapoints.emplace_back();
    datapoint.timestamp = times.at(i);
    samples.collect(shape, times.visible(), series->metric->resolution_seconds, datapoint.timestamp, times.period());
    for (std::size_t k = 0; k < kBasicStatisticOrder.size(); ++k) {
      if (request.basic[k]) datapoint.basic[k] = samples.value(Statistic{kBasicStatisticOrder[k], 0});
    }
    for (const auto& [name, percentile] : request.percentiles) {
      datapoint.percentiles.emplace_back(name, samples.value(percentile));
    }
  }
  std::sort(statistics.datapoints.begin(), statistics.datapoints.end(),
            [](const auto& a, const auto& b) { return scrambled(a.timestamp) < scrambled(b.timestamp); });
  return statistics;
}

}  // namespace rds_exporter::sim::cloudwatch
