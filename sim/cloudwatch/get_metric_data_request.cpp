#include "sim/cloudwatch/get_metric_data_request.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/cloudwatch/parameter_reader.h"

#include <algorithm>
#include <unordered_set>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::string_view kIdPattern = "^[a-z][a-zA-Z0-9_]*$";
constexpr std::size_t kMaxIdLength = 255;

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength || id.front() < 'a' || id.front() > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool has_member_under(const QueryParameters& params, std::string_view prefix) {
  return std::any_of(params.entries().begin(), params.entries().end(),
                     [&](const auto& entry) { return entry.first.starts_with(prefix); });
}

std::optional<MetricStat> read_metric_stat(ParameterReader& query) {
  MetricStat stat;
  const std::string* namespace_name = nullptr;
  const std::string* metric_name = nullptr;
  if (has_member_under(query.parameters(), "MetricStat.Metric.")) {
    namespace_name = query.required("MetricStat.Metric.Namespace");
    metric_name = query.required("MetricStat.Metric.MetricName");
  } else {
    query.report().missing(query.parameter("MetricStat.Metric"));
  }
  stat.dimensions = query.dimensions("MetricStat.Metric.Dimensions", kMaxDimensions);
  const auto period = query.period("MetricStat.Period");
  const std::string* stat_text = query.required("MetricStat.Stat");
  std::optional<Statistic> statistic;
  if (stat_text != nullptr) {
    statistic = parse_statistic(*stat_text);
    if (!statistic) query.report().invalid(statistic_line(*stat_text, query.parameter("MetricStat.Stat")));
  }
  if (const std::string* unit = query.find("MetricStat.Unit")) stat.unit = *unit;
  if (namespace_name == nullptr || metric_name == nullptr || !period || !statistic) return std::nullopt;
  stat.namespace_name = *namespace_name;
  stat.metric_name = *metric_name;
  stat.period = *period;
  stat.stat = *stat_text;
  stat.statistic = *statistic;
  return stat;
}

// The query, or nullopt when it has problems (recorded) or an expression (its parameter in `expression`).
std::optional<MetricDataQuery> read_query(const QueryParameters& params, unsigned index, ParameterReader& request,
                                          std::optional<std::string>& expression) {
  ParameterReader query(params, request, "MetricDataQueries", index);
  ValidationReport& report = query.report();
  MetricDataQuery result;
  const std::string* id = query.required("Id");
  if (id != nullptr && !is_valid_id(*id)) report.invalid(pattern_line(*id, query.parameter("Id"), kIdPattern));
  if (const std::string* label = query.find("Label")) result.label = *label;
  const auto return_data = query.boolean("ReturnData");
  result.return_data = return_data.value_or(true);

  std::optional<MetricStat> metric_stat;
  if (query.find("Expression") != nullptr) {
    if (!expression) expression = query.parameter("Expression");
  } else if (!has_member_under(params, "MetricStat.")) {
    report.missing(query.parameter("MetricStat"));
  } else {
    metric_stat = read_metric_stat(query);
  }
  if (id == nullptr || !metric_stat) return std::nullopt;
  result.id = *id;
  result.metric_stat = std::move(*metric_stat);
  return result;
}

void check_window(const std::optional<std::int64_t>& start, const std::optional<std::int64_t>& end,
                  ValidationReport& report) {
  if (!start || !end) return;
  if (*start == *end) report.invalid(start_equals_end_line());
  if (*start > *end) report.invalid(end_before_start_line());
}

std::optional<ScanBy> read_scan_by(ParameterReader& reader) {
  const std::string* text = reader.find("ScanBy");
  if (text == nullptr || *text == "TimestampDescending") return ScanBy::kTimestampDescending;
  if (*text == "TimestampAscending") return ScanBy::kTimestampAscending;
  reader.report().invalid(invalid_value_line(*text, "ScanBy"));
  return std::nullopt;
}

std::size_t read_max_datapoints(ParameterReader& reader) {
  const auto value = reader.integer("MaxDatapoints");
  if (!value) return kMaxDatapointsPerResponse;
  if (*value < 1) {
    reader.report().invalid(invalid_value_line(*reader.find("MaxDatapoints"), "MaxDatapoints"));
    return kMaxDatapointsPerResponse;
  }
  return std::min(static_cast<std::size_t>(*value), kMaxDatapointsPerResponse);
}

bool has_duplicate_ids(const std::vector<MetricDataQuery>& queries) {
  std::unordered_set<std::string_view> seen;
  seen.reserve(queries.size());
  return std::any_of(queries.begin(), queries.end(), [&](const auto& query) { return !seen.insert(query.id).second; });
}

}  // namespace

std::variant<GetMetricDataRequest, ApiError> read_get_metric_data(const QueryParameters& params) {
  ValidationReport report;
  ParameterReader reader(params, report);
  const auto items = reader.items("MetricDataQueries");
  if (items.size() > kMaxMetricDataQueries) return too_many_queries();
  if (items.empty()) report.missing("MetricDataQueries");

  GetMetricDataRequest request;
  std::optional<std::string> expression;
  request.queries.reserve(items.size());
  for (const auto& [index, item] : items) {
    if (auto query = read_query(item, index, reader, expression)) request.queries.push_back(std::move(*query));
  }
  const auto start = reader.timestamp("StartTime");
  const auto end = reader.timestamp("EndTime");
  check_window(start, end, report);
  const auto scan_by = read_scan_by(reader);
  request.max_datapoints = read_max_datapoints(reader);
  if (auto error = report.as_validation_error()) return std::move(*error);

  if (has_duplicate_ids(request.queries)) return duplicate_query_ids();
  if (expression) return expressions_not_simulated(*expression);
  request.start = *start;
  request.end = *end;
  request.scan_by = *scan_by;
  if (const std::string* token = reader.find("NextToken"); token != nullptr && !token->empty()) {
    request.next_token = *token;
  }
  return request;
}

}  // namespace rds_exporter::sim::cloudwatch
