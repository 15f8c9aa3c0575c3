#include "sim/logs/logs_admin.h"

#include "sim/logs/event_pages.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <limits>

namespace rds_exporter::sim::logs {
namespace {

using Json = AdminJson;

constexpr std::string_view kStreamsPath = "/_sim/logs/streams/";
constexpr std::string_view kSettingsPath = "/_sim/logs/settings";
// More events than any test compares; the answer says when it stopped there.
constexpr std::size_t kMaxEvents = 10000;

HttpReply error_reply(int status, const std::string& message) { return admin_json_reply(status, {{"error", message}}); }

HttpReply wrong_method(std::string_view path, std::string_view allowed) {
  return admin_wrong_method({{"error", wrong_method_message(path, allowed)}}, allowed);
}

std::optional<std::int64_t> milliseconds(const AdminQuery& query, std::string_view name) {
  const auto found = query.find(name);
  if (found == query.end()) return std::nullopt;
  std::int64_t value = 0;
  const std::string& text = found->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<HttpReply> LogsAdmin::handle(std::string_view method, std::string_view path, const AdminQuery& query,
                                           std::string_view body) const {
  if (path == kSettingsPath) return settings(method, body);
  if (!path.starts_with(kStreamsPath)) return std::nullopt;
  const std::string_view rest = path.substr(kStreamsPath.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  return stream_action(method, rest.substr(0, slash), rest.substr(slash + 1), query);
}

HttpReply LogsAdmin::stream_action(std::string_view method, std::string_view stream, std::string_view action,
                                   const AdminQuery& query) const {
  const bool read = action == "events";
  if (!read && action != "delete" && action != "pause" && action != "resume") {
    return error_reply(404, "no admin endpoint for log streams: " + std::string(action));
  }
  if (method != (read ? "GET" : "POST")) return wrong_method(action, read ? "GET" : "POST");
  const std::shared_ptr<const Fleet> fleet = fleets_.current();
  const DbInstance* instance = stream_instance(*fleet, stream);
  const StreamCondition condition = states_.condition(stream);
  if (instance == nullptr || condition.deleted) {
    return error_reply(404, "no log stream " + std::string(stream) + " in group RDSOSMetrics");
  }
  const StreamClock clock = context_.stream_clock();
  const Json name(stream);
  if (action == "delete") {
    states_.remove(stream);
    return admin_json_reply(200, {{"stream", name}, {"deleted", true}});
  }
  if (action == "pause") {
    states_.pause(stream, clock.now_ms);
    return admin_json_reply(200, {{"stream", name}, {"paused", true}, {"at_ms", clock.now_ms}});
  }
  if (action == "resume") {
    states_.resume(stream, clock.now_ms);
    return admin_json_reply(200, {{"stream", name}, {"paused", false}, {"at_ms", clock.now_ms}});
  }
  const auto start = milliseconds(query, "start_ms");
  const auto end = milliseconds(query, "end_ms");
  if (!start || !end || *start > *end) {
    return error_reply(400, "events takes start_ms and end_ms, epoch milliseconds with start_ms <= end_ms");
  }
  const EventPage page = event_page({stream_of(*instance, condition, clock)}, EventPosition{*start, ""}, *end,
                                    kMaxEvents, std::numeric_limits<std::size_t>::max());
  Json events = Json::array();
  for (const LogEvent& event : page.events) {
    events.push_back({{"timestamp", event.timestamp_ms}, {"message", event.message}});
  }
  Json out = {{"events", std::move(events)}};
  if (page.next) out["truncated"] = true;
  return admin_json_reply(200, out);
}

HttpReply LogsAdmin::settings(std::string_view method, std::string_view body) const {
  if (method == "PUT" || method == "POST") {
    const Json parsed = Json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return error_reply(400, "expected a JSON object");
    for (const auto& [key, value] : parsed.items()) {
      if (key != "empty_first_page" || !value.is_boolean()) {
        return error_reply(400, "unknown setting or not a boolean: " + key + " (known: empty_first_page)");
      }
      states_.set_empty_first_page(value.get<bool>());
    }
  } else if (method != "GET") {
    return wrong_method(kSettingsPath, "GET, PUT");
  }
  return admin_json_reply(200, {{"empty_first_page", states_.empty_first_page()}});
}

}  // namespace rds_exporter::sim::logs
