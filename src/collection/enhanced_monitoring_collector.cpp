#include "collection/enhanced_monitoring_collector.h"

#include "logging/log_setup.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

namespace rds_exporter::collection {

using std::chrono::system_clock;

namespace {

// How long the state of a stream no inventory asks for is kept.
constexpr std::chrono::hours kForgetAfter{1};
// CloudWatch Logs' ingestion: a sample shows up a few seconds after its timestamp.
constexpr std::chrono::seconds kIngestionAllowance{10};

std::int64_t epoch_ms(system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

bool is_resource_not_found(const aws::AwsError& error) { return error.code == "ResourceNotFoundException"; }

}  // namespace

struct EnhancedMonitoringCollector::Target {
  const discovery::WatchedInstance* instance;
  std::string log_group;
  std::string stream;
  std::chrono::seconds interval;
  StreamState* state;
};

bool EnhancedMonitoringCollector::is_stale(const Target& target, system_clock::time_point at) const {
  const StreamState& state = *target.state;
  const auto limit = options_.stale_intervals * target.interval + kIngestionAllowance;
  return state.newest_ms ? at - system_clock::time_point(std::chrono::milliseconds(*state.newest_ms)) > limit
                         : at - state.first_wanted > limit;
}

EnhancedMonitoringCollector::EnhancedMonitoringCollector(const aws::LogsClient& logs, EnhancedMonitoringOptions options)
    : logs_(logs), options_(std::move(options)) {}

EnhancedMonitoringResult EnhancedMonitoringCollector::collect(const discovery::Inventory& inventory,
                                                              system_clock::time_point now) {
  const std::lock_guard lock(cycle_mutex_);
  EnhancedMonitoringResult result;
  auto log = logging::logger("collection");

  // The streams wanted now. The state of instances that left (or turned Enhanced Monitoring off) goes an hour
  // later: the loop also runs on a discovery's newcomers alone, which must not make the others start over.
  std::vector<Target> targets;
  std::set<std::pair<std::string, std::string>> wanted;
  for (const auto& instance : inventory.instances) {
    auto location = aws::enhanced_monitoring_stream(instance.db);
    if (!location) continue;
    std::string log_group = std::move(location->log_group_name);
    std::string stream = std::move(location->log_stream_name);
    auto key = std::make_pair(log_group, stream);
    if (!wanted.insert(key).second) continue;
    auto [state, inserted] = streams_.try_emplace(key);
    if (inserted) state->second.first_wanted = now;
    state->second.last_wanted = now;
    targets.push_back({&instance, std::move(log_group), std::move(stream),
                       std::chrono::seconds(instance.db.monitoring_interval), &state->second});
  }
  std::erase_if(streams_, [&](const auto& entry) { return now - entry.second.last_wanted > kForgetAfter; });

  // Per log group: the streams in good standing in batches of 100, and the missing ones whose wait is over in
  // batches of their own, so that a stream still missing never fails a call the others need.
  std::map<std::string, std::pair<std::vector<Target*>, std::vector<Target*>>> by_group;
  for (Target& target : targets) {
    auto& [healthy, retried] = by_group[target.log_group];
    if (!target.state->missing_until) {
      healthy.push_back(&target);
    } else if (*target.state->missing_until <= now) {
      retried.push_back(&target);
    }
  }
  for (auto& [log_group, lists] : by_group) {
    for (auto* list : {&lists.first, &lists.second}) {
      std::sort(list->begin(), list->end(), [](const Target* a, const Target* b) { return a->stream < b->stream; });
      for (std::size_t first = 0; first < list->size(); first += aws::kMaxFilterLogStreamNames) {
        const std::size_t last = std::min(list->size(), first + aws::kMaxFilterLogStreamNames);
        read_batch(log_group, std::vector<Target*>(list->begin() + first, list->begin() + last), now, result);
      }
    }
  }

  for (const Target& target : targets) {
    if (target.state->missing_until) {
      ++result.streams.missing;
      continue;
    }
    ++(is_stale(target, now) ? result.streams.stale : result.streams.reading);
  }

  if (!result.errors.empty()) {
    log->warn(
        "Enhanced Monitoring: {} FilterLogEvents call(s) failed; those instances' OS metrics keep their last values "
        "until exporter.stale_after; first: {}",
        result.failed_calls, result.errors.front().describe());
  }
  if (result.malformed_documents > 0) {
    log->warn("Enhanced Monitoring: {} of {} document(s) were not JSON objects and were skipped",
              result.malformed_documents, result.documents);
  }
  return result;
}

void EnhancedMonitoringCollector::read_batch(const std::string& log_group, std::vector<Target*> batch,
                                             system_clock::time_point now, EnhancedMonitoringResult& result) {
  if (batch.empty()) return;
  auto log = logging::logger("collection");
  // Stale already when it was last read: before this read every stream looks behind by up to a read interval.
  const auto lagging = [&](const Target& target) {
    return target.state->last_read && is_stale(target, *target.state->last_read);
  };
  // From just after the newest event already read of each stream: the earliest of those, never further back
  // than backfill_limit. Streams ahead of the earliest get events they have seen again, which are skipped. A stale
  // stream does not hold the batch back (every cycle would fetch the others' last minutes again): whatever it
  // writes before the others' start is left unread, unless every stream of the batch is behind (failed reads).
  const std::int64_t floor_ms = epoch_ms(now - options_.backfill_limit);
  std::int64_t start_ms = epoch_ms(now);
  std::int64_t stale_start_ms = epoch_ms(now);
  std::unordered_map<std::string_view, Target*> by_stream;
  aws::FilterLogEventsInput input;
  input.log_group_name = log_group;
  for (Target* target : batch) {
    const std::int64_t from = std::max(
        floor_ms, target->state->newest_ms ? *target->state->newest_ms + 1 : epoch_ms(now - options_.first_window));
    auto& start = lagging(*target) ? stale_start_ms : start_ms;
    start = std::min(start, from);
    by_stream.emplace(target->stream, target);
    input.log_stream_names.push_back(target->stream);
  }
  const bool all_stale =
      std::all_of(batch.begin(), batch.end(), [&](const Target* target) { return lagging(*target); });
  input.start_time_ms = all_stale ? stale_start_ms : start_ms;

  std::vector<Reading> readings;
  int documents = 0;
  int malformed = 0;
  // Each instance's identifier once, and each set of labels once per batch (every instance has its "mode": "user"):
  // the points share them.
  std::unordered_map<const Target*, common::SharedText> identifiers;
  std::map<common::Labels, common::SharedLabels> label_sets;
  const auto read_document = [&](const Target& target, std::int64_t timestamp_ms, std::string_view message) {
    auto document = parse_os_document(message, options_.document);
    if (!document) {
      ++malformed;
      return;
    }
    const system_clock::time_point timestamp{std::chrono::milliseconds(timestamp_ms)};
    const common::SharedText& identifier =
        identifiers.try_emplace(&target, common::SharedText(target.instance->db.identifier)).first->second;
    for (auto& sample : document->samples) {
      Reading reading;
      reading.key.scope = catalog::MetricScope::instance;
      reading.key.source_identifier = identifier;
      reading.key.metric = sample.metric;
      if (!sample.labels.empty()) {
        auto found = label_sets.find(sample.labels);
        if (found == label_sets.end()) {
          common::Labels labels = sample.labels;
          found = label_sets.emplace(std::move(labels), common::SharedLabels(std::move(sample.labels))).first;
        }
        reading.key.labels = found->second;
      }
      reading.timestamp = timestamp;
      reading.value = sample.value;
      reading.interval = target.interval;
      readings.push_back(std::move(reading));
    }
  };
  // Without every_point, only each stream's newest document is read (an instance writing every second sends 60 a
  // minute): its text waits here until the last page.
  std::unordered_map<const Target*, std::pair<std::int64_t, std::string>> newest_document;
  // Newest per stream as the pages arrive; kept even when a later page fails, as those readings are kept too.
  auto pages = logs_.filter_log_events(input, [&](aws::FilterLogEventsOutput& page) {
    for (auto& event : page.events) {
      const auto found = by_stream.find(event.log_stream_name);
      if (found == by_stream.end()) continue;
      Target& target = *found->second;
      StreamState& state = *target.state;
      if (state.newest_ms && event.timestamp_ms <= *state.newest_ms) continue;
      state.newest_ms = event.timestamp_ms;
      ++documents;
      if (options_.every_point) {
        read_document(target, event.timestamp_ms, event.message);
      } else {
        // Taken from the page rather than copied: the page's text and the copies were held together.
        newest_document[&target] = {event.timestamp_ms, std::move(event.message)};
      }
    }
  });
  for (const auto& [target, document] : newest_document) read_document(*target, document.first, document.second);
  result.documents += documents;
  result.malformed_documents += malformed;
  result.readings.reserve(result.readings.size() + readings.size());
  std::move(readings.begin(), readings.end(), std::back_inserter(result.readings));
  if (pages) {
    result.filter_log_events_calls += *pages;
    for (Target* target : batch) {
      target->state->last_read = now;
      if (target->state->missing_until) {
        log->info("Enhanced Monitoring: stream {} of {} ({}) exists again", target->stream, log_group,
                  target->instance->db.identifier);
        target->state->missing_until.reset();
      }
    }
    return;
  }
  const aws::AwsError& error = pages.error();
  if (!is_resource_not_found(error)) {
    ++result.failed_calls;
    result.errors.push_back(error);
    return;
  }
  // CloudWatch Logs failed the whole call for a stream (or the group) that does not exist: halve the batch until
  // the missing ones are alone, so that every other stream is still read this cycle.
  ++result.failed_calls;
  if (batch.size() == 1) {
    Target& target = *batch.front();
    if (!target.state->missing_until) {
      ++result.streams_found_missing;
      log->warn(
          "Enhanced Monitoring: no stream {} in log group {} for {} (MonitoringInterval {} s): {}; its OS metrics "
          "vanish after exporter.stale_after; asked again in {} s",
          target.stream, log_group, target.instance->db.identifier, target.interval.count(), error.describe(),
          options_.missing_retry.count());
    }
    target.state->missing_until = now + options_.missing_retry;
    return;
  }
  const auto middle = batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2);
  read_batch(log_group, std::vector<Target*>(batch.begin(), middle), now, result);
  read_batch(log_group, std::vector<Target*>(middle, batch.end()), now, result);
}

}  // namespace rds_exporter::collection
