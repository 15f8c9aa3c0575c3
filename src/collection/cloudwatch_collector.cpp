#include "collection/cloudwatch_collector.h"

#include "collection/bounded_parallel.h"
#include "collection/collection_window.h"
#include "collection/query_plan.h"
#include "logging/log_setup.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace rds_exporter::collection {
namespace {

using BatchAnswer = common::Expected<aws::MetricDataAnswer, aws::AwsError>;

// Sends every batch with at most `max_in_flight` calls at once.
std::vector<std::optional<BatchAnswer>> fetch_batches(const aws::CloudWatchClient& cloudwatch,
                                                      const std::vector<std::span<const aws::MetricDataQuery>>& batches,
                                                      const CollectionWindow& window, int max_in_flight) {
  std::vector<std::optional<BatchAnswer>> answers(batches.size());
  for_each_bounded(batches.size(), max_in_flight, [&](std::size_t i) {
    aws::GetMetricDataInput input;
    input.queries.assign(batches[i].begin(), batches[i].end());
    input.start = window.start;
    input.end = window.end;
    answers[i] = cloudwatch.get_metric_data(input);
  });
  return answers;
}

bool is_failed_status(std::string_view status_code) {
  return status_code == "Forbidden" || status_code == "InternalError";
}

// The datapoint with the greatest timestamp, whatever order AWS listed them in.
std::optional<std::pair<std::chrono::system_clock::time_point, double>> newest_datapoint(
    const aws::MetricDataResult& result) {
  if (result.timestamps.empty()) return std::nullopt;
  const auto newest = std::max_element(result.timestamps.begin(), result.timestamps.end());
  return std::pair{*newest, result.values[static_cast<std::size_t>(newest - result.timestamps.begin())]};
}

std::string describe_series(const SeriesKey& key) {
  return std::string(key.metric->name) + " " + key.statistic + " of " + key.source_identifier;
}

// Collects per-series failures so that a cycle logs one line, however many series AWS refused.
class SeriesFailures {
 public:
  void add(const SeriesKey& key, const aws::MetricDataResult& result) {
    if (count_++ > 0) return;
    first_ = describe_series(key) + ": " + result.status_code;
    if (!result.messages.empty()) {
      first_ += " (" + result.messages.front().first + ": " + result.messages.front().second + ")";
    }
  }

  int count() const { return count_; }

  void log(std::size_t queries) const {
    if (count_ == 0) return;
    logging::logger("collection")
        ->warn("{} of {} series came back from CloudWatch Forbidden or InternalError and were not updated; first: {}",
               count_, queries, first_);
  }

 private:
  int count_ = 0;
  std::string first_;
};

}  // namespace

CloudWatchCollector::CloudWatchCollector(const aws::CloudWatchClient& cloudwatch, CollectorOptions options)
    : cloudwatch_(cloudwatch), options_(options) {}

CollectionResult CloudWatchCollector::collect(const discovery::Inventory& inventory,
                                              const catalog::MetricSelection& selection,
                                              std::chrono::system_clock::time_point now) const {
  const QueryPlan plan = build_query_plan(inventory, selection, options_.period);
  const auto batches = plan.batches(aws::kMaxQueriesPerGetMetricData);
  const auto answers = fetch_batches(cloudwatch_, batches, collection_window(now, options_.period, options_.delay),
                                     options_.max_concurrent_calls);

  CollectionResult collected;
  collected.queries = plan.queries.size();
  SeriesFailures series_failures;
  std::vector<std::pair<long, Reading>> readings;
  for (std::size_t batch = 0; batch < batches.size(); ++batch) {
    const BatchAnswer& answer = *answers[batch];
    if (!answer) {
      // A failed batch adds no calls and no billed metrics: the client reports neither the attempts nor the
      // pages it may have received before failing, so only answered calls are counted.
      const aws::AwsError& error = answer.error();
      logging::logger("collection")
          ->warn("GetMetricData batch {} of {} ({} queries) failed after {} attempt(s): {}", batch + 1, batches.size(),
                 batches[batch].size(), error.attempts, error.describe());
      ++collected.failed_batches;
      collected.errors.push_back(error);
      continue;
    }
    collected.get_metric_data_calls += answer->calls;
    collected.metrics_requested += batches[batch].size() * static_cast<std::size_t>(answer->calls);
    for (const aws::MetricDataResult& result : answer->results) {
      const long index = plan_index(result.id, plan.series.size());
      // An id the plan never made names no series; CloudWatch answers only the ids it was sent.
      if (index < 0) continue;
      const SeriesKey& key = plan.series[static_cast<std::size_t>(index)];
      if (is_failed_status(result.status_code)) {
        series_failures.add(key, result);
        continue;
      }
      if (const auto newest = newest_datapoint(result)) {
        readings.emplace_back(index, Reading{key, newest->first, newest->second});
      }
    }
  }
  collected.failed_series = series_failures.count();
  series_failures.log(plan.queries.size());

  std::sort(readings.begin(), readings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  collected.readings.reserve(readings.size());
  for (auto& [index, reading] : readings) collected.readings.push_back(std::move(reading));
  return collected;
}

}  // namespace rds_exporter::collection
