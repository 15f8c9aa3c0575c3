#include "sim/logs/event_pages.h"

#include <charconv>
#include <queue>
#include <utility>

namespace rds_exporter::sim::logs {

std::string position_text(const EventPosition& position) {
  return std::to_string(position.timestamp_ms) + "/" + position.stream;
}

std::optional<EventPosition> parse_position(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  EventPosition position;
  const auto [end, error] = std::from_chars(text.data(), text.data() + slash, position.timestamp_ms);
  if (error != std::errc() || end != text.data() + slash) return std::nullopt;
  position.stream = std::string(text.substr(slash + 1));
  return position;
}

EventPage event_page(const std::vector<LogStream>& streams, const EventPosition& from, std::int64_t end_ms,
                     std::size_t limit, std::size_t max_bytes) {
  // The next event of every stream, earliest (then lowest stream index, which is name order) first.
  using Next = std::pair<std::int64_t, std::size_t>;
  std::priority_queue<Next, std::vector<Next>, std::greater<>> next;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    // At the position's own timestamp, only streams at or after its stream are still due.
    const std::int64_t due = streams[i].name() < from.stream ? from.timestamp_ms + 1 : from.timestamp_ms;
    const auto t = streams[i].next_event(due);
    if (t && *t < end_ms) next.emplace(*t, i);
  }
  EventPage page;
  std::size_t bytes = 0;
  while (!next.empty()) {
    const auto [t, i] = next.top();
    if (page.events.size() >= limit) break;
    LogEvent event = event_of(streams[i], t);
    const std::size_t size = event.message.size() + kEventOverheadBytes;
    if (!page.events.empty() && bytes + size > max_bytes) break;
    bytes += size;
    page.events.push_back(std::move(event));
    next.pop();
    const auto following = streams[i].next_event(t + 1);
    if (following && *following < end_ms) next.emplace(*following, i);
  }
  if (!next.empty()) page.next = EventPosition{next.top().first, streams[next.top().second].name()};
  return page;
}

}  // namespace rds_exporter::sim::logs
