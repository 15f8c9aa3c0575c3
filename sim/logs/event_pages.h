#pragma once

#include "sim/logs/log_streams.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::sim::logs {

// Where a listing of events stands: the next event is the first at or after (timestamp_ms, stream), events
// ordered by timestamp, then by stream name.
struct EventPosition {
  std::int64_t timestamp_ms = 0;
  std::string stream;

  bool operator==(const EventPosition&) const = default;
};

// "<timestamp_ms>/<stream>" and back; nullopt for any other text.
std::string position_text(const EventPosition& position);
std::optional<EventPosition> parse_position(std::string_view text);

// A page of FilterLogEvents: at most `limit` events and, unless that would leave it empty, at most `max_bytes` of
// them (each event counts its message's bytes plus 26, as CloudWatch Logs sizes events).
struct EventPage {
  std::vector<LogEvent> events;
  // Where the next page starts; nullopt when no event is left.
  std::optional<EventPosition> next;
};

inline constexpr std::size_t kMaxPageBytes = 1'048'576;
inline constexpr std::size_t kEventOverheadBytes = 26;

// The events of `streams` (sorted by name) from `from` on, before `end_ms`, merged in timestamp then stream order.
EventPage event_page(const std::vector<LogStream>& streams, const EventPosition& from, std::int64_t end_ms,
                     std::size_t limit, std::size_t max_bytes = kMaxPageBytes);

}  // namespace rds_exporter::sim::logs
