#include "collection/cloudwatch_collector.h"

#include "collection/bounded_parallel.h"
#include "collection/collection_window.h"
#include "collection/query_plan.h"
#include "logging/log_setup.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

namespace rds_exporter::collection {
namespace {

using std::chrono::sys_seconds;
using BatchAnswer = common::Expected<aws::MetricDataAnswer, aws::AwsError>;

// One GetMetricData request of the cycle: which plan queries, over which window.
struct Batch {
  std::vector<std::size_t> queries;
  sys_seconds start;
  sys_seconds end;
};

// What a cycle asks of one query: points from `start` on, which is at least a span after the newest point already
// delivered. One per query of the cycle, so kept at two words.
struct Ask {
  std::uint32_t index = 0;
  sys_seconds start;
};

// Sends every batch with at most `max_in_flight` calls at once, and hands each answer to `take(i, answer,
// billed_per_call)` as it arrives, one at a time: a cycle holds the answers in flight, never all of them.
template <typename Take>
void fetch_batches(const aws::CloudWatchClient& cloudwatch, const QueryPlan& plan, const std::vector<Batch>& batches,
                   int max_in_flight, const Take& take) {
  std::mutex taking;
  for_each_bounded(batches.size(), max_in_flight, [&](std::size_t i) {
    aws::GetMetricDataInput input;
    input.queries.reserve(batches[i].queries.size());
    for (const std::size_t query : batches[i].queries) input.queries.push_back(plan.query(query));
    input.start = batches[i].start;
    input.end = batches[i].end;
    const std::size_t billed_per_call = billed_metrics(input.queries);
    BatchAnswer answer = cloudwatch.get_metric_data(std::move(input));
    const std::lock_guard lock(taking);
    take(i, answer, billed_per_call);
  });
}

bool is_failed_status(std::string_view status_code) {
  return status_code == "Forbidden" || status_code == "InternalError";
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

// The asks of one metric of one source (all its statistics) stay in one request, where CloudWatch bills up to
// five statistics as one metric; groups are ordered by their window's start, so that each request's window is
// as short as its queries allow, and packed into requests of at most `per_call` without being split.
std::vector<Batch> pack(const QueryPlan& plan, const std::vector<Ask>& asks, sys_seconds end, std::size_t per_call) {
  std::vector<std::vector<const Ask*>> groups;
  for (std::size_t i = 0; i < asks.size(); ++i) {
    const SeriesKey& key = plan.series[asks[i].index];
    const bool same = !groups.empty() && [&] {
      const SeriesKey& previous = plan.series[groups.back().front()->index];
      return previous.scope == key.scope && previous.metric == key.metric &&
             previous.source_identifier == key.source_identifier;
    }();
    if (!same) groups.emplace_back();
    groups.back().push_back(&asks[i]);
  }
  const auto group_start = [](const std::vector<const Ask*>& group) {
    sys_seconds start = group.front()->start;
    for (const Ask* ask : group) start = std::min(start, ask->start);
    return start;
  };
  std::stable_sort(groups.begin(), groups.end(),
                   [&](const auto& a, const auto& b) { return group_start(a) < group_start(b); });
  std::vector<Batch> batches;
  for (const auto& group : groups) {
    if (batches.empty() || batches.back().queries.size() + group.size() > per_call) {
      batches.push_back({{}, group_start(group), end});
    }
    Batch& batch = batches.back();
    batch.start = std::min(batch.start, group_start(group));
    for (const Ask* ask : group) batch.queries.push_back(ask->index);
  }
  return batches;
}

// One point as it arrives: its series' plan index rather than its key, so that a cycle's points take 24 bytes each
// while its calls are in flight, not a Reading's 64 (16,000 at 1,000 instances with the default delivery), and
// `sequence`, the order of arrival, in the padding after the index.
struct Arrival {
  std::uint32_t index = 0;
  std::uint32_t sequence = 0;
  std::chrono::system_clock::time_point timestamp;
  double value = 0;
};
static_assert(sizeof(Arrival) <= 24);

// The cycle's readings in plan order, then time; of two with one plan index and timestamp, the first to arrive
// (AWS never lists one timestamp twice in a result; should it, the first one listed is kept). Sorted in place, by
// arrival for equal points, so no second copy is needed; the readings are made once the order is known, each with
// its key.
std::vector<Reading> in_plan_order(std::vector<Arrival> arrivals, const QueryPlan& plan) {
  std::sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) {
    return std::tie(a.index, a.timestamp, a.sequence) < std::tie(b.index, b.timestamp, b.sequence);
  });
  arrivals.erase(
      std::unique(arrivals.begin(), arrivals.end(),
                  [](const Arrival& a, const Arrival& b) { return a.index == b.index && a.timestamp == b.timestamp; }),
      arrivals.end());
  std::vector<Reading> readings;
  readings.reserve(arrivals.size());
  for (const Arrival& arrival : arrivals) {
    readings.push_back(
        Reading{.key = plan.series[arrival.index], .timestamp = arrival.timestamp, .value = arrival.value});
  }
  return readings;
}

// The order newest_ is kept in; CloudWatch series have no labels of their own.
std::tuple<catalog::MetricScope, const std::string&, std::uintptr_t, const std::string&> newest_order(
    const SeriesKey& key) {
  return {key.scope, key.source_identifier.str(), reinterpret_cast<std::uintptr_t>(key.metric), key.statistic.str()};
}

}  // namespace

CloudWatchCollector::CloudWatchCollector(const aws::CloudWatchClient& cloudwatch, CollectorOptions options)
    : cloudwatch_(cloudwatch), options_(options) {}

CollectionResult CloudWatchCollector::collect(const discovery::Inventory& inventory,
                                              const catalog::MetricSelection& selection,
                                              std::chrono::system_clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const QueryPlan plan = build_query_plan(inventory, selection, options_.period);
  const CollectionWindow first = collection_window(now, options_.period, options_.delay);
  const auto limit = backfill_limit(options_.period, options_.collection_interval);
  const sys_seconds oldest = first.end - limit;
  // A series silent for twice the limit is forgotten (departed instances); one back within it resumes from the
  // limit.
  std::erase_if(newest_, [&](const Newest& entry) { return entry.timestamp < oldest - limit; });

  CollectionResult collected;
  std::vector<Ask> asks;
  asks.reserve(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const SeriesKey& key = plan.series[i];
    // A metric published every five minutes has a point every span, whatever the period asked.
    const std::chrono::seconds span = std::max(options_.period, std::chrono::seconds(key.metric->resolution_seconds));
    Ask ask{static_cast<std::uint32_t>(i), first.start};
    if (const auto* newest = newest_of(key)) ask.start = *newest + span;
    ask.start = std::max(ask.start, oldest);
    // The point starting at `start` covers [start, start + span): it exists only once that has ended.
    if (ask.start + span > first.end) {
      ++collected.skipped_queries;
      continue;
    }
    asks.push_back(ask);
  }
  const std::vector<Batch> batches = pack(plan, asks, first.end, aws::kMaxQueriesPerGetMetricData);

  std::vector<const Ask*> ask_of(plan.size(), nullptr);
  for (const Ask& ask : asks) ask_of[ask.index] = &ask;
  collected.queries = asks.size();
  collected.batches = batches.size();
  SeriesFailures series_failures;
  // As they arrive; in_plan_order sorts them and makes them readings.
  std::vector<Arrival> arrivals;
  if (!options_.every_point) arrivals.reserve(asks.size());
  const auto arrive = [&](std::uint32_t index, std::chrono::system_clock::time_point timestamp, double value) {
    arrivals.push_back(Arrival{.index = index,
                               .sequence = static_cast<std::uint32_t>(arrivals.size()),
                               .timestamp = timestamp,
                               .value = value});
  };
  fetch_batches(cloudwatch_, plan, batches, options_.max_concurrent_calls,
                [&](std::size_t batch, const BatchAnswer& answer, std::size_t billed_per_call) {
    if (!answer) {
      // A failed batch adds no calls and no billed metrics: the client reports neither the attempts nor the
      // pages it may have received before failing, so only answered calls are counted.
      const aws::AwsError& error = answer.error();
      logging::logger("collection")
          ->warn("GetMetricData batch {} of {} ({} queries) failed after {} attempt(s): {}", batch + 1, batches.size(),
                 batches[batch].queries.size(), error.attempts, error.describe());
      ++collected.failed_batches;
      collected.errors.push_back(error);
      return;
    }
    collected.get_metric_data_calls += answer->calls;
    collected.metrics_requested += billed_per_call * static_cast<std::size_t>(answer->calls);
    for (const aws::MetricDataResult& result : answer->results) {
      const long index = plan_index(result.id, plan.series.size());
      // An id the plan never made, or one this cycle did not ask, names no series: CloudWatch answers only the
      // ids it was sent.
      if (index < 0 || ask_of[static_cast<std::size_t>(index)] == nullptr) continue;
      const Ask& ask = *ask_of[static_cast<std::size_t>(index)];
      const SeriesKey& key = plan.series[ask.index];
      if (is_failed_status(result.status_code)) {
        series_failures.add(key, result);
        continue;
      }
      const std::size_t points = std::min(result.timestamps.size(), result.values.size());
      std::optional<std::size_t> newest;
      for (std::size_t i = 0; i < points; ++i) {
        const auto timestamp = std::chrono::floor<std::chrono::seconds>(result.timestamps[i]);
        // The request's window may start before this series' own (it is shared): only what is new counts.
        if (timestamp < ask.start || timestamp >= first.end) continue;
        ++collected.points;
        if (options_.every_point) {
          arrive(ask.index, result.timestamps[i], result.values[i]);
        } else if (!newest || result.timestamps[i] > result.timestamps[*newest]) {
          newest = i;
        }
      }
      if (newest) arrive(ask.index, result.timestamps[*newest], result.values[*newest]);
    }
  });
  collected.failed_series = series_failures.count();
  series_failures.log(collected.queries);

  collected.readings = in_plan_order(std::move(arrivals), plan);
  remember(collected.readings);
  return collected;
}

std::chrono::sys_seconds* CloudWatchCollector::newest_of(const SeriesKey& key) {
  const auto found =
      std::lower_bound(newest_.begin(), newest_.end(), newest_order(key),
                       [](const Newest& entry, const auto& order) { return newest_order(entry.key) < order; });
  if (found == newest_.end() || newest_order(found->key) != newest_order(key)) return nullptr;
  return &found->timestamp;
}

void CloudWatchCollector::remember(std::span<const Reading> readings) {
  std::vector<Newest> added;
  for (const Reading& reading : readings) {
    const auto timestamp = std::chrono::floor<std::chrono::seconds>(reading.timestamp);
    if (auto* newest = newest_of(reading.key)) {
      *newest = std::max(*newest, timestamp);
    } else {
      added.push_back({reading.key, timestamp});
    }
  }
  if (added.empty()) return;
  // Series seen for the first time (the first cycle, new instances): merged in, the newest of each kept.
  const auto by_key = [](const Newest& a, const Newest& b) { return newest_order(a.key) < newest_order(b.key); };
  std::sort(added.begin(), added.end(), [](const Newest& a, const Newest& b) {
    const auto a_key = newest_order(a.key);
    const auto b_key = newest_order(b.key);
    return a_key != b_key ? a_key < b_key : a.timestamp > b.timestamp;
  });
  added.erase(std::unique(added.begin(), added.end(),
                          [](const Newest& a, const Newest& b) { return newest_order(a.key) == newest_order(b.key); }),
              added.end());
  std::vector<Newest> merged;
  merged.reserve(newest_.size() + added.size());
  std::merge(std::make_move_iterator(newest_.begin()), std::make_move_iterator(newest_.end()),
             std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()), std::back_inserter(merged),
             by_key);
  newest_ = std::move(merged);
}

}  // namespace rds_exporter::collection
