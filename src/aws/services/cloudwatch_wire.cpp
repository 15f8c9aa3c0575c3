#include "aws/services/cloudwatch_wire.h"

#include "aws/protocol/json_protocol.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol cloudwatch_protocol() {
  return {.json_version = "1.0", .target_prefix = "GraniteServiceVersion20100801", .query_compatible = true};
}

// One query as nlohmann would write {"Id", "MetricStat": {"Metric": {...}, "Period", "Stat"}, "ReturnData": true}:
// members in name order, as its objects (std::map) keep them, so the bytes are those the document tree gave.
void append_query(std::string& out, const MetricDataQuery& query) {
  out += R"({"Id":)";
  append_json_string(out, query.id);
  out += R"(,"MetricStat":{"Metric":{)";
  if (!query.dimensions.empty()) {
    out += R"("Dimensions":[)";
    for (std::size_t i = 0; i < query.dimensions.size(); ++i) {
      out += i == 0 ? R"({"Name":)" : R"(,{"Name":)";
      append_json_string(out, query.dimensions[i].first);
      out += R"(,"Value":)";
      append_json_string(out, query.dimensions[i].second);
      out += '}';
    }
    out += "],";
  }
  out += R"("MetricName":)";
  append_json_string(out, query.metric_name);
  out += R"(,"Namespace":)";
  append_json_string(out, query.namespace_name);
  out += R"(},"Period":)";
  out += std::to_string(query.period_seconds);
  out += R"(,"Stat":)";
  append_json_string(out, query.stat);
  out += R"(},"ReturnData":true})";
}

// GetMetricData's answer read as it is parsed (nlohmann's SAX interface), without a document tree: at 500 results
// of 15 points the tree is about as large as the answer itself, once per call in flight. What it accepts and the
// error it gives are exactly those of reading the tree with JsonElement (members in the order the tree reader
// asks for them, a null member as absent, the last of duplicate members, syntax errors before any other), so the
// messages stay those of every other answer.
class GetMetricDataReader final : public JsonStreamReader {
 public:
  using JsonStreamReader::JsonStreamReader;

  // The first problem in the order the tree reader meets them, or nothing.
  std::optional<std::string> problem() const override {
    if (top_problem_) return top_problem_;
    for (const auto* problem : {&results_problem_, &next_token_problem_, &messages_problem_}) {
      if (*problem) return *problem;
    }
    return std::nullopt;
  }
  GetMetricDataPage take_page() {
    if (page_.next_token && page_.next_token->empty()) page_.next_token.reset();
    return std::move(page_);
  }

 private:
  enum class Kind { top, results, result, timestamps, values, messages, message, skipped };
  // One open object or array.
  struct Frame {
    Kind kind;
    std::string path;
    // The member being read (objects), the next item's index (arrays).
    std::string key;
    std::size_t index = 0;
  };
  // A result being read: what the tree reader would ask of it, member by member.
  struct OpenResult {
    MetricDataResult result;
    std::optional<std::string> id_problem, label_problem, timestamps_problem, values_problem, status_problem,
        messages_problem;
  };
  // A message being read, and where it goes.
  struct OpenMessage {
    std::string code, value;
    std::optional<std::string> code_problem, value_problem;
  };

  static std::string member_path(const std::string& parent, std::string_view name) {
    return parent.empty() ? std::string(name) : parent + "." + std::string(name);
  }
  static std::string item_path(const Frame& frame) { return item_path(frame, frame.index); }
  static std::string item_path(const Frame& frame, std::size_t index) {
    return frame.path + "[" + std::to_string(index) + "]";
  }
  std::optional<std::string>& messages_problem_of(bool in_result) {
    return in_result ? result_.messages_problem : messages_problem_;
  }

  // A scalar (`scalar` set), or the start of an object or array (`scalar` null), arriving where the innermost frame
  // is. Returns the kind of frame to open for a container, or skipped.
  Kind arrive(const char* type, const Scalar* scalar) {
    const bool is_object = std::string_view(type) == "object";
    const bool is_array = std::string_view(type) == "array";
    const bool is_null = std::string_view(type) == "null";
    if (frames_.empty()) {
      if (is_object) return Kind::top;
      top_problem_ = expected("", "an object", type);
      return Kind::skipped;
    }
    Frame& frame = frames_.back();
    switch (frame.kind) {
      case Kind::top: {
        // Paths are made only to word a problem: building one per datapoint cost more than reading it.
        const auto path = [&frame] { return member_path("", frame.key); };
        if (frame.key == "MetricDataResults") {
          page_.results.clear();
          results_problem_.reset();
          if (is_array) return Kind::results;
          if (!is_null) results_problem_ = expected(path(), "an array", type);
        } else if (frame.key == "NextToken") {
          std::string token;
          read_text(type, text_of(scalar), path, token, next_token_problem_);
          page_.next_token = scalar != nullptr && scalar->text != nullptr ? std::optional(std::move(token)) : std::nullopt;
        } else if (frame.key == "Messages") {
          page_.messages.clear();
          messages_problem_.reset();
          if (is_array) return Kind::messages;
          if (!is_null) messages_problem_ = expected(path(), "an array", type);
        }
        return Kind::skipped;
      }
      case Kind::results: {
        const std::size_t index = frame.index++;
        if (is_object) {
          result_ = OpenResult{};
          return Kind::result;
        }
        note(results_problem_, expected(item_path(frame, index), "an object", type));
        return Kind::skipped;
      }
      case Kind::result: {
        const auto path = [&frame] { return member_path(frame.path, frame.key); };
        MetricDataResult& result = result_.result;
        if (frame.key == "Id") {
          read_text(type, text_of(scalar), path, result.id, result_.id_problem);
        } else if (frame.key == "Label") {
          read_text(type, text_of(scalar), path, result.label, result_.label_problem);
        } else if (frame.key == "StatusCode") {
          read_text(type, text_of(scalar), path, result.status_code, result_.status_problem);
        } else if (frame.key == "Timestamps" || frame.key == "Values") {
          const bool timestamps = frame.key == "Timestamps";
          (timestamps ? result_.timestamps_problem : result_.values_problem).reset();
          if (timestamps) {
            result.timestamps.clear();
          } else {
            result.values.clear();
          }
          if (is_array) return timestamps ? Kind::timestamps : Kind::values;
          if (!is_null) {
            (timestamps ? result_.timestamps_problem : result_.values_problem) = expected(path(), "an array", type);
          }
        } else if (frame.key == "Messages") {
          result.messages.clear();
          result_.messages_problem.reset();
          if (is_array) return Kind::messages;
          if (!is_null) result_.messages_problem = expected(path(), "an array", type);
        }
        return Kind::skipped;
      }
      case Kind::timestamps:
      case Kind::values: {
        const std::size_t index = frame.index++;
        const bool timestamps = frame.kind == Kind::timestamps;
        auto& problem = timestamps ? result_.timestamps_problem : result_.values_problem;
        if (scalar == nullptr || std::string_view(type) != "number") {
          note(problem, expected(item_path(frame, index), "a number", type));
        } else if (!timestamps) {
          result_.result.values.push_back(scalar->number.get<double>());
        } else if (const auto time = from_epoch_seconds(scalar->number.get<double>())) {
          result_.result.timestamps.push_back(*time);
        } else {
          note(problem, item_path(frame, index) + ": epoch seconds out of range");
        }
        return Kind::skipped;
      }
      case Kind::messages: {
        const std::size_t index = frame.index++;
        if (is_object) {
          message_ = OpenMessage{};
          return Kind::message;
        }
        note(messages_problem_of(in_result_messages()), expected(item_path(frame, index), "an object", type));
        return Kind::skipped;
      }
      case Kind::message: {
        const auto path = [&frame] { return member_path(frame.path, frame.key); };
        if (frame.key == "Code") read_text(type, text_of(scalar), path, message_.code, message_.code_problem);
        if (frame.key == "Value") read_text(type, text_of(scalar), path, message_.value, message_.value_problem);
        return Kind::skipped;
      }
      case Kind::skipped:
        return Kind::skipped;
    }
    return Kind::skipped;
  }

  // Whether the innermost messages frame is a result's (else the answer's own).
  bool in_result_messages() const {
    return frames_.size() >= 2 && frames_[frames_.size() - 2].kind == Kind::result;
  }

  bool scalar(const Scalar& value) override {
    arrive(value.type, &value);
    return true;
  }

  bool member(std::string& name) override {
    frames_.back().key = std::move(name);
    return true;
  }

  bool open(const char* type) override {
    std::string path;
    if (!frames_.empty()) {
      const Frame& frame = frames_.back();
      const bool array = frame.kind == Kind::results || frame.kind == Kind::timestamps || frame.kind == Kind::values ||
                         frame.kind == Kind::messages;
      if (frame.kind != Kind::skipped) path = array ? item_path(frame) : member_path(frame.path, frame.key);
    }
    const Kind kind = arrive(type, nullptr);
    frames_.push_back(Frame{kind, std::move(path)});
    return true;
  }

  bool close() override {
    const Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.kind == Kind::result) finish_result(frame.path);
    if (frame.kind == Kind::message) finish_message();
    return true;
  }

  void finish_result(const std::string& path) {
    OpenResult& open = result_;
    MetricDataResult& result = open.result;
    std::optional<std::string> problem = open.id_problem;
    if (!problem && result.id.empty()) problem = path + ": missing member Id";
    for (const auto* later : {&open.label_problem, &open.timestamps_problem, &open.values_problem}) {
      if (!problem && *later) problem = *later;
    }
    if (!problem && result.timestamps.size() != result.values.size()) {
      problem = path + ": " + std::to_string(result.timestamps.size()) + " timestamps but " +
                std::to_string(result.values.size()) + " values";
    }
    for (const auto* later : {&open.status_problem, &open.messages_problem}) {
      if (!problem && *later) problem = *later;
    }
    if (problem) {
      note(results_problem_, *std::move(problem));
      return;
    }
    page_.results.push_back(std::move(result));
  }

  void finish_message() {
    // The messages frame is innermost again.
    const bool in_result = in_result_messages();
    auto& problem = messages_problem_of(in_result);
    if (message_.code_problem) note(problem, *message_.code_problem);
    if (message_.value_problem) note(problem, *message_.value_problem);
    (in_result ? result_.result.messages : page_.messages).emplace_back(std::move(message_.code),
                                                                       std::move(message_.value));
  }

  std::vector<Frame> frames_;
  GetMetricDataPage page_;
  OpenResult result_;
  OpenMessage message_;
  std::optional<std::string> top_problem_, results_problem_, next_token_problem_, messages_problem_;
};

}  // namespace

common::HttpRequest get_metric_data_request(const GetMetricDataInput& input) {
  // Written directly, not as a document tree (at 500 queries about 25,000 small allocations alive at once), with
  // the members in name order as the tree wrote them: EndTime, MaxDatapoints, MetricDataQueries, NextToken,
  // ScanBy (newest first, so that a caller wanting the latest point reads the first one), StartTime.
  std::string body;
  body.reserve(128 + input.queries.size() * 192);
  body += R"({"EndTime":)";
  body += epoch_seconds_json(input.end).dump();
  if (input.max_datapoints) {
    body += R"(,"MaxDatapoints":)";
    body += std::to_string(*input.max_datapoints);
  }
  body += R"(,"MetricDataQueries":[)";
  for (std::size_t i = 0; i < input.queries.size(); ++i) {
    if (i > 0) body += ',';
    append_query(body, input.queries[i]);
  }
  body += ']';
  if (input.next_token) {
    body += R"(,"NextToken":)";
    append_json_string(body, *input.next_token);
  }
  body += R"(,"ScanBy":"TimestampDescending","StartTime":)";
  body += epoch_seconds_json(input.start).dump();
  body += '}';
  // Held for every attempt of the call: not with the room a guess of the queries' length left, which the
  // dimensions' identifiers can double.
  body.shrink_to_fit();
  return make_json_request_with_body(cloudwatch_protocol(), "GetMetricData", std::move(body));
}

common::Expected<GetMetricDataPage, AwsError> parse_get_metric_data(const common::HttpResponse& response) {
  GetMetricDataReader reader(response.body.size());
  if (auto error = read_json_stream(response, "GetMetricData", reader)) return common::Unexpected{*std::move(error)};
  return reader.take_page();
}

}  // namespace rds_exporter::aws
