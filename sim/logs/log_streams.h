#pragma once

#include "sim/fleet/fleet.h"
#include "sim/logs/stream_states.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::logs {

// The data clock the streams are written on: `origin` is data time when rds_sim started (events begin an hour
// before it), `now_ms` data time now, in epoch milliseconds.
struct StreamClock {
  std::chrono::system_clock::time_point origin;
  std::int64_t now_ms = 0;
};

// One Enhanced Monitoring stream of group RDSOSMetrics: the instance's, named by its DbiResourceId, with an event
// at every whole multiple of its MonitoringInterval from `first_ms` on, up to data time now, but none in a gap.
struct LogStream {
  const DbInstance* instance = nullptr;
  std::int64_t interval_ms = 0;
  // The first event's time: the first multiple of the interval at or after the later of an hour before the data
  // clock's origin and the instance's creation.
  std::int64_t first_ms = 0;
  std::int64_t now_ms = 0;
  // A stopped instance writes nothing.
  bool silent = false;
  std::vector<StreamGap> gaps;

  const std::string& name() const { return instance->dbi_resource_id; }
  // The earliest event at or after `from_ms`; nullopt when there is none up to now.
  std::optional<std::int64_t> next_event(std::int64_t from_ms) const;
  // The latest event at or before `until_ms`; nullopt when there is none.
  std::optional<std::int64_t> previous_event(std::int64_t until_ms) const;
};

// Whether an instance writes Enhanced Monitoring at all: MonitoringInterval above 0 and an RDS engine (Neptune and
// DocumentDB instances write nothing).
bool writes_os_metrics(const DbInstance& instance);

// The stream of `instance` (which writes OS metrics) as `states` and `clock` leave it.
LogStream stream_of(const DbInstance& instance, const StreamCondition& condition, const StreamClock& clock);

// The streams of group RDSOSMetrics in `scoped` (one account and region), sorted by name, deleted ones left out.
std::vector<LogStream> streams_in(const Fleet& scoped, const StreamStates& states, const StreamClock& clock);

// Whether group RDSOSMetrics exists in `scoped`: some instance there writes OS metrics (its stream may be deleted).
bool group_exists(const Fleet& scoped);

// "arn:aws:logs:<region>:<account>:log-group:RDSOSMetrics" (":*" is appended where AWS does).
std::string group_arn(const Fleet& scoped);

// The instance (anywhere in `fleet`) whose stream is `name`, if it writes OS metrics; nullptr otherwise.
const DbInstance* stream_instance(const Fleet& fleet, std::string_view name);

// One log event as FilterLogEvents returns it; the message is os_metrics_document() of the stream at `timestamp_ms`.
struct LogEvent {
  std::string stream;
  std::int64_t timestamp_ms = 0;
  std::int64_t ingestion_time_ms = 0;
  std::string event_id;
  std::string message;
};

LogEvent event_of(const LogStream& stream, std::int64_t timestamp_ms);
// The event's ingestionTime: a fraction of a second after its timestamp.
std::int64_t ingestion_time(const LogStream& stream, std::int64_t timestamp_ms);

}  // namespace rds_exporter::sim::logs
