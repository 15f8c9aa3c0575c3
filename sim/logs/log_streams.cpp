#include "sim/logs/log_streams.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/common/split_mix64.h"
#include "sim/logs/logs_api.h"
#include "sim/logs/os_metrics_document.h"

#include <algorithm>
#include <cstdio>

namespace rds_exporter::sim::logs {
namespace {

constexpr std::int64_t kBacklogMs = 3'600'000;

std::int64_t floor_multiple(std::int64_t value, std::int64_t step) {
  const std::int64_t quotient = value / step;
  return (quotient * step > value ? quotient - 1 : quotient) * step;
}

std::int64_t ceil_multiple(std::int64_t value, std::int64_t step) {
  const std::int64_t floor = floor_multiple(value, step);
  return floor == value ? floor : floor + step;
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

std::optional<std::int64_t> LogStream::next_event(std::int64_t from_ms) const {
  if (silent) return std::nullopt;
  std::int64_t t = ceil_multiple(std::max(from_ms, first_ms), interval_ms);
  for (bool moved = true; moved;) {
    moved = false;
    for (const StreamGap& gap : gaps) {
      if (t > gap.after_ms && t < gap.until_ms) {
        if (gap.until_ms == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
        t = ceil_multiple(gap.until_ms, interval_ms);
        moved = true;
      }
    }
  }
  if (t > now_ms) return std::nullopt;
  return t;
}

std::optional<std::int64_t> LogStream::previous_event(std::int64_t until_ms) const {
  if (silent) return std::nullopt;
  std::int64_t t = floor_multiple(std::min(until_ms, now_ms), interval_ms);
  for (bool moved = true; moved;) {
    moved = false;
    for (const StreamGap& gap : gaps) {
      if (t > gap.after_ms && t < gap.until_ms) {
        t = floor_multiple(gap.after_ms, interval_ms);
        moved = true;
      }
    }
  }
  if (t < first_ms) return std::nullopt;
  return t;
}

bool writes_os_metrics(const DbInstance& instance) {
  return instance.monitoring_interval > 0 && instance.engine != "neptune" && instance.engine != "docdb" &&
         !instance.dbi_resource_id.empty();
}

LogStream stream_of(const DbInstance& instance, const StreamCondition& condition, const StreamClock& clock) {
  LogStream stream;
  stream.instance = &instance;
  stream.interval_ms = std::int64_t{instance.monitoring_interval} * 1000;
  const std::int64_t start = std::max(epoch_ms(clock.origin) - kBacklogMs, epoch_ms(instance.create_time));
  stream.first_ms = ceil_multiple(start, stream.interval_ms);
  stream.now_ms = clock.now_ms;
  stream.silent = instance.status == "stopped";
  stream.gaps = condition.gaps;
  return stream;
}

std::vector<LogStream> streams_in(const Fleet& scoped, const StreamStates& states, const StreamClock& clock) {
  std::vector<LogStream> streams;
  for (const DbInstance& instance : scoped.instances()) {
    if (!writes_os_metrics(instance)) continue;
    StreamCondition condition = states.condition(instance.dbi_resource_id);
    if (condition.deleted) continue;
    streams.push_back(stream_of(instance, condition, clock));
  }
  std::sort(streams.begin(), streams.end(), [](const LogStream& a, const LogStream& b) { return a.name() < b.name(); });
  return streams;
}

bool group_exists(const Fleet& scoped) {
  return std::any_of(scoped.instances().begin(), scoped.instances().end(), writes_os_metrics);
}

std::string group_arn(const Fleet& scoped) {
  std::string arn = "arn:aws:logs:";
  arn.append(scoped.region()).append(":").append(scoped.account_id()).append(":log-group:").append(kOsMetricsGroup);
  return arn;
}

const DbInstance* stream_instance(const Fleet& fleet, std::string_view name) {
  for (const DbInstance& instance : fleet.instances()) {
    if (instance.dbi_resource_id == name && writes_os_metrics(instance)) return &instance;
  }
  return nullptr;
}

namespace {

std::uint64_t event_key(const LogStream& stream, std::int64_t timestamp_ms) {
  return cloudwatch::Fnv1a().add(stream.name()).add("/").add(std::to_string(timestamp_ms)).value();
}

}  // namespace

std::int64_t ingestion_time(const LogStream& stream, std::int64_t timestamp_ms) {
  // Enhanced Monitoring's agent ships each document a fraction of a second after it is taken.
  return timestamp_ms + static_cast<std::int64_t>(200 + split_mix64(event_key(stream, timestamp_ms)) % 800);
}

LogEvent event_of(const LogStream& stream, std::int64_t timestamp_ms) {
  const std::uint64_t key = event_key(stream, timestamp_ms);
  // AWS's event ids are 56 decimal digits.
  constexpr std::uint64_t kDigits18 = 1'000'000'000'000'000'000ULL;
  char id[64];
  std::snprintf(id, sizeof id, "%018llu%018llu%018llu%02llu",
                static_cast<unsigned long long>(split_mix64(key + 1) % kDigits18),
                static_cast<unsigned long long>(split_mix64(key + 2) % kDigits18),
                static_cast<unsigned long long>(split_mix64(key + 3) % kDigits18),
                static_cast<unsigned long long>(split_mix64(key + 4) % 100));
  return {stream.name(), timestamp_ms, ingestion_time(stream, timestamp_ms), id,
          os_metrics_document(*stream.instance, timestamp_ms / 1000)};
}

}  // namespace rds_exporter::sim::logs
