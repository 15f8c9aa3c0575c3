#include "sim/cloudwatch/get_metric_data.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/cloudwatch/datapoint_times.h"
#include "sim/cloudwatch/fnv1a.h"
#include "sim/cloudwatch/metric_values.h"
#include "sim/cloudwatch/page_token.h"

#include <algorithm>
#include <map>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::string_view kGetMetricDataTokenOperation = "GetMetricData";

// Where a page starts: the datapoints' clock, the position among the queries that return data, and how many of
// that query's datapoints earlier pages sent.
struct PageStart {
  std::int64_t as_of = 0;
  std::size_t query = 0;
  std::size_t offset = 0;
};

std::uint64_t fingerprint(const GetMetricDataRequest& request) {
  Fnv1a hash;
  const auto add_number = [&](std::int64_t n) { hash.add(std::to_string(n)).add("|"); };
  add_number(request.start);
  add_number(request.end);
  add_number(static_cast<std::int64_t>(request.scan_by));
  for (const MetricDataQuery& query : request.queries) {
    const MetricStat& stat = query.metric_stat;
    hash.add(query.id).add("|").add(stat.namespace_name).add("|").add(stat.metric_name).add("|");
    for (const Dimension& dimension : stat.dimensions) hash.add(dimension.name).add("=").add(dimension.value).add("|");
    add_number(stat.period);
    hash.add(stat.stat).add("|").add(stat.unit.value_or("")).add("|");
    add_number(query.return_data);
  }
  return hash.value();
}

// What labels add to the metric name: the Stat and the Period, each only when the queries differ in it.
struct LabelParts {
  bool stat = false;
  bool period = false;
};

LabelParts label_parts(const std::vector<MetricDataQuery>& queries) {
  LabelParts parts;
  for (const MetricDataQuery& query : queries) {
    parts.stat |= query.metric_stat.stat != queries.front().metric_stat.stat;
    parts.period |= query.metric_stat.period != queries.front().metric_stat.period;
  }
  return parts;
}

std::string label_of(const MetricDataQuery& query, LabelParts parts) {
  if (query.label) return *query.label;
  std::string label = query.metric_stat.metric_name;
  if (parts.stat) label.append(" ").append(query.metric_stat.stat);
  if (parts.period) label.append(" ").append(std::to_string(query.metric_stat.period));
  return label;
}

// A query that returns data, with its series and the datapoints it has at the page's time.
struct ReturnedQuery {
  const MetricDataQuery* query;
  std::optional<MetricSeries> series;
  DatapointTimes times;
};

std::vector<ReturnedQuery> returned_queries(const GetMetricDataRequest& request, const Fleet& fleet,
                                            std::int64_t as_of) {
  std::vector<ReturnedQuery> returned;
  returned.reserve(request.queries.size());
  for (const MetricDataQuery& query : request.queries) {
    if (!query.return_data) continue;
    const MetricStat& stat = query.metric_stat;
    auto series = find_series(fleet, stat.namespace_name, stat.metric_name, stat.dimensions);
    if (series && stat.unit && *stat.unit != series->metric->unit) series.reset();
    DatapointTimes times;
    if (series) times = DatapointTimes(*series, {request.start, request.end, stat.period}, as_of);
    returned.push_back({&query, std::move(series), times});
  }
  return returned;
}

std::optional<PageStart> read_token(const GetMetricDataRequest& request, std::uint64_t fingerprint, std::int64_t now) {
  if (!request.next_token) return PageStart{now, 0, 0};
  const auto positions = decode_page_token(*request.next_token, kGetMetricDataTokenOperation, fingerprint, 3);
  if (!positions) return std::nullopt;
  return PageStart{(*positions)[0], static_cast<std::size_t>((*positions)[1]),
                   static_cast<std::size_t>((*positions)[2])};
}

// The datapoints [from, from + count) of a query in scan order.
void fill(MetricDataResult& result, const ReturnedQuery& returned, ScanBy scan_by, std::size_t from,
          std::size_t count) {
  const MetricSeries& series = *returned.series;
  const SeriesShape shape(series.source_id, *series.metric);
  const Statistic& statistic = returned.query->metric_stat.statistic;
  const std::size_t size = returned.times.size();
  DatapointSamples samples;
  result.timestamps.reserve(count);
  result.values.reserve(count);
  for (std::size_t j = from; j < from + count; ++j) {
    const std::int64_t time = returned.times.at(scan_by == ScanBy::kTimestampAscending ? j : size - 1 - j);
    samples.collect(shape, returned.times.visible(), series.metric->resolution_seconds, time, returned.times.period());
    result.timestamps.push_back(time);
    result.values.push_back(samples.value(statistic));
  }
}

// A metric as billing tells metrics apart: namespace, name and the dimension set, whatever order it was given in.
std::string metric_identity(const MetricStat& stat) {
  std::vector<std::string> dimensions;
  dimensions.reserve(stat.dimensions.size());
  for (const Dimension& dimension : stat.dimensions) dimensions.push_back(dimension.name + '\0' + dimension.value);
  std::sort(dimensions.begin(), dimensions.end());
  std::string identity = stat.namespace_name + '\n' + stat.metric_name;
  for (const std::string& dimension : dimensions) identity.append("\n").append(dimension);
  return identity;
}

}  // namespace

std::size_t billed_metrics(const std::vector<MetricDataQuery>& queries) {
  constexpr std::size_t kStatisticsPerMetric = 5;
  std::map<std::string, std::size_t> statistics;
  for (const MetricDataQuery& query : queries) ++statistics[metric_identity(query.metric_stat)];
  std::size_t billed = 0;
  for (const auto& [metric, count] : statistics) billed += (count + kStatisticsPerMetric - 1) / kStatisticsPerMetric;
  return billed;
}

std::variant<MetricDataPage, ApiError> get_metric_data(const GetMetricDataRequest& request, const Fleet& fleet,
                                                       std::int64_t now) {
  const std::uint64_t request_fingerprint = fingerprint(request);
  const auto start = read_token(request, request_fingerprint, now);
  if (!start) return invalid_next_token(*request.next_token);
  const std::vector<ReturnedQuery> returned = returned_queries(request, fleet, start->as_of);
  if (start->query > returned.size() ||
      (start->query < returned.size() && start->offset > returned[start->query].times.size())) {
    return invalid_next_token(*request.next_token);
  }

  MetricDataPage page;
  page.metrics_requested = billed_metrics(request.queries);
  page.results.reserve(returned.size());
  const LabelParts parts = label_parts(request.queries);
  std::size_t budget = request.max_datapoints;
  std::optional<PageStart> next;
  for (std::size_t q = 0; q < returned.size(); ++q) {
    MetricDataResult& result = page.results.emplace_back();
    result.id = returned[q].query->id;
    result.label = label_of(*returned[q].query, parts);
    if (q < start->query) continue;
    const std::size_t from = q == start->query ? start->offset : 0;
    const std::size_t count = std::min(returned[q].times.size() - from, budget);
    if (count > 0) fill(result, returned[q], request.scan_by, from, count);
    budget -= count;
    result.complete = from + count == returned[q].times.size();
    if (!result.complete && !next) next = PageStart{start->as_of, q, from + count};
  }
  if (next) {
    page.next_token = encode_page_token(
        kGetMetricDataTokenOperation, request_fingerprint,
        {next->as_of, static_cast<std::int64_t>(next->query), static_cast<std::int64_t>(next->offset)});
  }
  return page;
}

}  // namespace rds_exporter::sim::cloudwatch
