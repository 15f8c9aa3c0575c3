#include "sim/logs/filter_log_events.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/logs/event_pages.h"
#include "sim/logs/logs_api.h"
#include "sim/logs/logs_errors.h"
#include "sim/logs/logs_request.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace rds_exporter::sim::logs {
namespace {

using Json = nlohmann::ordered_json;
constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::max();

std::string optional_text(const std::optional<std::int64_t>& value) {
  return value ? std::to_string(*value) : std::string("-");
}

Json page_json(const EventPage& page, std::uint64_t fingerprint) {
  Json events = Json::array();
  for (const LogEvent& event : page.events) {
    events.push_back({{"logStreamName", event.stream},
                      {"timestamp", event.timestamp_ms},
                      {"message", event.message},
                      {"ingestionTime", event.ingestion_time_ms},
                      {"eventId", event.event_id}});
  }
  Json out = {{"events", std::move(events)}};
  if (page.next) out["nextToken"] = page_token(position_text(*page.next), fingerprint);
  return out;
}

}  // namespace

OperationOutcome FilterLogEvents::invoke(const JsonCall& call) const {
  auto request = LogsRequest::parse(call.body);
  if (!request) return request.error();
  if (auto error = request->check_group(call.fleet)) return *error;
  auto names = request->strings("logStreamNames", 1, 100);
  if (!names) return names.error();
  auto prefix = request->string("logStreamNamePrefix");
  if (!prefix) return prefix.error();
  if (names.value() && prefix.value()) {
    return invalid_parameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  }
  auto start = request->integer("startTime", 0, kNoTime);
  if (!start) return start.error();
  auto end = request->integer("endTime", 0, kNoTime);
  if (!end) return end.error();
  if (start.value() && end.value() && *start.value() > *end.value()) {
    return invalid_parameter("endTime must be greater than or equal to startTime.");
  }
  auto limit = request->integer("limit", 1, 10000);
  if (!limit) return limit.error();
  auto pattern = request->string("filterPattern");
  if (!pattern) return pattern.error();
  if (pattern.value() && pattern.value()->find_first_not_of(" \t") != std::string::npos) {
    return invalid_parameter("rds_sim does not evaluate filter patterns: leave filterPattern empty.");
  }
  if (auto interleaved = request->boolean("interleaved"); !interleaved) return interleaved.error();
  auto token = request->string("nextToken");
  if (!token) return token.error();

  std::vector<LogStream> streams = streams_in(call.fleet, context_.states, context_.stream_clock());
  cloudwatch::Fnv1a fingerprint;
  fingerprint.add(kOsMetricsGroup).add("|").add(optional_text(start.value())).add("|").add(optional_text(end.value()));
  if (names.value()) {
    std::vector<std::string> wanted = *names.value();
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::vector<LogStream> chosen;
    for (const std::string& name : wanted) {
      const auto found =
          std::find_if(streams.begin(), streams.end(), [&](const LogStream& stream) { return stream.name() == name; });
      // One missing stream fails the whole call, as AWS does.
      if (found == streams.end()) return log_stream_not_found();
      chosen.push_back(*found);
      fingerprint.add("|n:").add(name);
    }
    streams = std::move(chosen);
  } else if (prefix.value()) {
    std::erase_if(streams, [&](const LogStream& stream) { return !stream.name().starts_with(*prefix.value()); });
    fingerprint.add("|p:").add(*prefix.value());
  }

  EventPosition from{start.value().value_or(0), ""};
  if (token.value()) {
    auto position = token_position(*token.value(), fingerprint.value());
    if (!position) return position.error();
    auto parsed = parse_position(position.value());
    if (!parsed) return invalid_parameter("The specified nextToken is invalid.");
    from = std::move(*parsed);
  } else if (context_.states.empty_first_page()) {
    // AWS may answer a first page with no events and a nextToken; clients must go on.
    return page_json(EventPage{{}, from}, fingerprint.value()).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  const EventPage page =
      event_page(streams, from, end.value().value_or(kNoTime), static_cast<std::size_t>(limit.value().value_or(10000)));
  return page_json(page, fingerprint.value()).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rds_exporter::sim::logs
