#include "aws/services/logs_wire.h"

#include "aws/protocol/json_protocol.h"
#include "common/arn.h"
#include "common/text.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol logs_protocol() { return {.json_version = "1.1", .target_prefix = "Logs_20140328"}; }

// The log group Enhanced Monitoring writes to in every region.
constexpr std::string_view kEnhancedMonitoringLogGroup = "RDSOSMetrics";

// FilterLogEvents' answer read as it is parsed (nlohmann's SAX interface), without a document tree: a page is up
// to 1 MB of Enhanced Monitoring documents, and the tree held each of them once more, with every event's object
// around it, until the page was copied out. What it accepts and the error it gives are exactly those of reading
// the tree with JsonElement: the members an event is checked for in the tree reader's order, a null member as
// absent, the last of duplicate members, syntax errors before any other (fuzz/logs_filter_log_events.cpp compares
// the two).
class FilterLogEventsReader final : public JsonStreamReader {
 public:
  using JsonStreamReader::JsonStreamReader;

  // The first problem in the order the tree reader meets them, or nothing.
  std::optional<std::string> problem() const override {
    if (top_problem_) return top_problem_;
    if (events_problem_) return events_problem_;
    return next_token_problem_;
  }
  FilterLogEventsOutput take_output() {
    if (output_.next_token && output_.next_token->empty()) output_.next_token.reset();
    return std::move(output_);
  }

 private:
  enum class Kind { top, events, event, skipped };
  // One open object or array: the member being read (objects), the next item's index (arrays).
  struct Frame {
    Kind kind;
    std::string key;
    std::size_t index = 0;
  };
  // An event being read, with what the tree reader would say of each member it asks for.
  struct OpenEvent {
    std::size_t index = 0;
    FilteredLogEvent event;
    bool has_timestamp = false;
    std::optional<std::string> stream_problem, timestamp_problem, message_problem, ingestion_problem, id_problem;
  };

  static std::string event_path(std::size_t index) { return "events[" + std::to_string(index) + "]"; }
  std::string member_path(const std::string& key) const { return event_path(event_.index) + "." + key; }
  // A whole-number member, as JsonElement::to_int64 reads it; `present` false when null.
  void read_int64(const char* type, const nlohmann::json& number, const std::string& key, std::int64_t& into,
                  bool& present, std::optional<std::string>& problem) {
    into = 0;
    present = false;
    problem.reset();
    if (std::string_view(type) == "null") return;
    present = true;
    if (std::string_view(type) != "number") {
      problem = expected(member_path(key), "a whole number", type);
      return;
    }
    try {
      into = JsonElement(number, member_path(key)).to_int64();
    } catch (const MalformedResponseError& error) {
      problem = error.what();
    }
  }

  // A scalar, or the start of an object or array, where the innermost frame is: `number` holds a number's value,
  // `text` a string's. Returns the kind of frame to open for an object or array.
  Kind place(const char* type, const nlohmann::json& number, std::string* text) {
    if (frames_.empty()) {
      if (std::string_view(type) == "object") return Kind::top;
      top_problem_ = expected("", "an object", type);
      return Kind::skipped;
    }
    Frame& frame = frames_.back();
    switch (frame.kind) {
      case Kind::top:
        if (frame.key == "events") {
          // The last of duplicate members is the one the tree keeps.
          output_.events.clear();
          events_problem_.reset();
          if (std::string_view(type) == "array") return Kind::events;
          if (std::string_view(type) != "null") events_problem_ = expected("events", "an array", type);
        } else if (frame.key == "nextToken") {
          std::string token;
          read_text(
              type, text, [] { return std::string("nextToken"); }, token, next_token_problem_);
          output_.next_token = text != nullptr ? std::optional(std::move(token)) : std::nullopt;
        }
        return Kind::skipped;
      case Kind::events: {
        const std::size_t index = frame.index++;
        if (std::string_view(type) == "object") {
          event_ = OpenEvent{.index = index};
          return Kind::event;
        }
        note(events_problem_, expected(event_path(index), "an object", type));
        return Kind::skipped;
      }
      case Kind::event: {
        FilteredLogEvent& event = event_.event;
        const auto path = [&] { return member_path(frame.key); };
        bool present = false;
        if (frame.key == "logStreamName") {
          read_text(type, text, path, event.log_stream_name, event_.stream_problem);
        } else if (frame.key == "timestamp") {
          read_int64(type, number, frame.key, event.timestamp_ms, event_.has_timestamp, event_.timestamp_problem);
        } else if (frame.key == "message") {
          read_text(type, text, path, event.message, event_.message_problem);
        } else if (frame.key == "ingestionTime") {
          read_int64(type, number, frame.key, event.ingestion_time_ms, present, event_.ingestion_problem);
        } else if (frame.key == "eventId") {
          read_text(type, text, path, event.event_id, event_.id_problem);
        }
        return Kind::skipped;
      }
      case Kind::skipped:
        return Kind::skipped;
    }
    return Kind::skipped;
  }

  bool scalar(const Scalar& value) override {
    place(value.type, value.number, value.text);
    return true;
  }

  bool member(std::string& name) override {
    frames_.back().key = std::move(name);
    return true;
  }

  bool open(const char* type) override {
    frames_.push_back(Frame{place(type, {}, nullptr)});
    return true;
  }

  bool close() override {
    const Kind kind = frames_.back().kind;
    frames_.pop_back();
    if (kind == Kind::event) finish_event();
    return true;
  }

  void finish_event() {
    // Once an event is refused the tree reader stops: what follows is never read.
    if (events_problem_) return;
    std::optional<std::string> problem = event_.stream_problem;
    if (!problem && !event_.has_timestamp) problem = event_path(event_.index) + ": missing member timestamp";
    for (const auto* later :
         {&event_.timestamp_problem, &event_.message_problem, &event_.ingestion_problem, &event_.id_problem}) {
      if (!problem && *later) problem = *later;
    }
    if (problem) {
      events_problem_ = std::move(problem);
      output_.events.clear();
      return;
    }
    output_.events.push_back(std::move(event_.event));
  }

  std::vector<Frame> frames_;
  FilterLogEventsOutput output_;
  OpenEvent event_;
  std::optional<std::string> top_problem_, events_problem_, next_token_problem_;
};

}  // namespace

std::optional<LogStreamLocation> parse_log_stream_arn(std::string_view arn) {
  // arn:<partition>:logs:<region>:<account>:log-group:<group>:log-stream:<stream>
  const auto parsed = common::parse_arn(arn);
  if (!parsed || parsed->service != "logs" || parsed->region.empty()) return std::nullopt;
  const std::vector<std::string_view> fields = common::split(parsed->resource, ':');
  if (fields.size() != 4 || fields[0] != "log-group" || fields[1].empty() || fields[2] != "log-stream" ||
      fields[3].empty()) {
    return std::nullopt;
  }
  return LogStreamLocation{std::string(fields[1]), std::string(fields[3])};
}

std::optional<LogStreamLocation> enhanced_monitoring_stream(const DbInstance& instance) {
  if (instance.monitoring_interval <= 0) return std::nullopt;
  if (instance.enhanced_monitoring_resource_arn) {
    if (auto location = parse_log_stream_arn(*instance.enhanced_monitoring_resource_arn)) return location;
  }
  if (instance.resource_id.empty()) return std::nullopt;
  return LogStreamLocation{std::string(kEnhancedMonitoringLogGroup), instance.resource_id};
}

common::HttpRequest filter_log_events_request(const FilterLogEventsInput& input) {
  nlohmann::json body = {{"logGroupName", input.log_group_name}, {"logStreamNames", input.log_stream_names}};
  if (input.start_time_ms) body["startTime"] = *input.start_time_ms;
  if (input.end_time_ms) body["endTime"] = *input.end_time_ms;
  if (input.limit) body["limit"] = *input.limit;
  if (input.next_token) body["nextToken"] = *input.next_token;
  return make_json_request(logs_protocol(), "FilterLogEvents", body);
}

common::Expected<FilterLogEventsOutput, AwsError> parse_filter_log_events(const common::HttpResponse& response) {
  FilterLogEventsReader reader(response.body.size());
  if (auto error = read_json_stream(response, "FilterLogEvents", reader)) return common::Unexpected{*std::move(error)};
  return reader.take_output();
}

}  // namespace rds_exporter::aws
