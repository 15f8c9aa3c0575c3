#include "sim/pi/get_resource_metrics.h"

#include "sim/pi/aligned_window.h"
#include "sim/pi/counter_series.h"
#include "sim/pi/counter_statistic.h"
#include "sim/pi/pi_errors.h"
#include "sim/pi/pi_resource.h"
#include "sim/pi/request_body.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::sim::pi {
namespace {

using common::Expected;
using common::Unexpected;
using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxMetricQueries = 15;

// A MetricQuery as the request gives it, once the model's constraints hold.
struct RequestedQuery {
  std::string metric;
  bool has_dimensions = false;
};

// What the API model demands of the request, checked before anything else: the Performance Insights handler only
// sees requests that pass.
struct RequestedMetrics {
  std::vector<RequestedQuery> queries;
  double start_time = 0;
  double end_time = 0;
  std::optional<std::int64_t> period;
  bool stamped_at_start = false;
};

struct Query {
  std::string metric;
  const Counter* counter;
  cloudwatch::Statistic statistic;
};

Expected<RequestedQuery, ApiError> read_query(const nlohmann::json& entry, std::size_t index) {
  const std::string member = "MetricQueries." + std::to_string(index + 1);
  if (!entry.is_object()) return Unexpected{wrong_type(member, "a MetricQuery object")};
  const auto metric = entry.find("Metric");
  if (metric == entry.end() || metric->is_null()) {
    return Unexpected{
        validation_error("metricQueries." + std::to_string(index + 1) + ".member.metric", "Member must not be null")};
  }
  if (!metric->is_string()) return Unexpected{wrong_type(member + ".Metric", "a string")};
  const auto present = [&entry](const char* name) {
    const auto it = entry.find(name);
    return it != entry.end() && !it->is_null();
  };
  return RequestedQuery{metric->get<std::string>(), present("GroupBy") || present("Filter")};
}

Expected<RequestedMetrics, ApiError> read_request(const RequestBody& request) {
  RequestedMetrics requested;
  auto list = request.required_list("MetricQueries", 1, kMaxMetricQueries);
  if (!list) return Unexpected{std::move(list).error()};
  for (std::size_t i = 0; i < (*list)->size(); ++i) {
    auto query = read_query((**list)[i], i);
    if (!query) return Unexpected{std::move(query).error()};
    requested.queries.push_back(std::move(*query));
  }
  auto start = request.required_timestamp("StartTime");
  if (!start) return Unexpected{std::move(start).error()};
  auto end = request.required_timestamp("EndTime");
  if (!end) return Unexpected{std::move(end).error()};
  auto alignment = request.optional_string("PeriodAlignment");
  if (!alignment) return Unexpected{std::move(alignment).error()};
  if (alignment->has_value() && **alignment != "END_TIME" && **alignment != "START_TIME") {
    return Unexpected{
        validation_error("periodAlignment", "Member must satisfy enum value set: [END_TIME, START_TIME]")};
  }
  auto period = request.optional_integer("PeriodInSeconds");
  if (!period) return Unexpected{std::move(period).error()};
  requested.start_time = *start;
  requested.end_time = *end;
  requested.period = *period;
  requested.stamped_at_start = alignment->value_or("END_TIME") == "START_TIME";
  return requested;
}

Expected<std::vector<Query>, ApiError> resolve_queries(const RequestedMetrics& requested, const PiResource& resource) {
  std::vector<Query> queries;
  for (const RequestedQuery& requested_query : requested.queries) {
    if (requested_query.has_dimensions) {
      return Unexpected{invalid_argument(
          "GroupBy and Filter are not supported: rds_sim simulates counter metrics, not Performance Insights "
          "dimensions")};
    }
    const auto split = split_statistic(requested_query.metric);
    if (!split) return Unexpected{unknown_statistic()};
    const Counter* counter = find_counter(split->counter, resource.family);
    if (counter == nullptr) {
      return Unexpected{invalid_argument("This metric is not a known metric: " + std::string(split->counter) +
                                         " is not valid for current resource")};
    }
    queries.push_back({requested_query.metric, counter, split->statistic});
  }
  return queries;
}

Expected<AlignedWindow, ApiError> resolve_window(const RequestedMetrics& requested) {
  if (requested.period && !is_valid_period(*requested.period)) {
    return Unexpected{invalid_argument("The PeriodInSeconds " + std::to_string(*requested.period) +
                                       " is not valid: use 1, 60, 300, 3600 or 86400")};
  }
  if (requested.start_time >= requested.end_time) {
    return Unexpected{invalid_argument("The StartTime must be earlier than the EndTime")};
  }
  const AlignedWindow aligned =
      align_window(requested.start_time, requested.end_time,
                   requested.period.value_or(default_period(requested.start_time, requested.end_time)));
  if (aligned.periods() > kMaxPeriodsPerQuery) {
    return Unexpected{invalid_argument("The time range holds " + std::to_string(aligned.periods()) +
                                       " periods; rds_sim answers at most " + std::to_string(kMaxPeriodsPerQuery) +
                                       " a query: shorten the range or lengthen PeriodInSeconds")};
  }
  return aligned;
}

Json data_points(const Query& query, const DbInstance& instance, const AlignedWindow& aligned, bool stamped_at_start,
                 std::int64_t now) {
  const CounterSeries series(instance, *query.counter);
  Json points = Json::array();
  for (std::int64_t start = aligned.start; start < aligned.end; start += aligned.period) {
    Json point{{"Timestamp", stamped_at_start ? start : start + aligned.period}};
    if (const auto value = series.value(query.statistic, start, aligned.period, now)) point["Value"] = *value;
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace

OperationOutcome GetResourceMetrics::invoke(const JsonCall& call) const {
  auto request = RequestBody::parse(call.body);
  if (!request) return std::move(request).error();
  auto requested = read_request(*request);
  if (!requested) return std::move(requested).error();
  auto resource = find_resource(*request, call.fleet);
  if (!resource) return std::move(resource).error();
  auto queries = resolve_queries(*requested, *resource);
  if (!queries) return std::move(queries).error();
  auto window = resolve_window(*requested);
  if (!window) return std::move(window).error();

  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
  Json metric_list = Json::array();
  for (const Query& query : *queries) {
    metric_list.push_back(
        {{"Key", {{"Metric", query.metric}}},
         {"DataPoints", data_points(query, *resource->instance, *window, requested->stamped_at_start, now)}});
  }
  const Json answer{{"AlignedStartTime", window->start},
                    {"AlignedEndTime", window->end},
                    {"Identifier", resource->instance->dbi_resource_id},
                    {"MetricList", std::move(metric_list)}};
  return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rds_exporter::sim::pi
