#include "sim/cloudwatch/json_request.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/common/iso8601.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

namespace rds_exporter::sim::cloudwatch {
namespace {

using json = nlohmann::json;

constexpr std::string_view kTimestampMembers[] = {"StartTime", "EndTime"};
// Years 1 to 9999, the range ISO-8601 text can hold.
constexpr double kEarliestTimestamp = -62135596800.0;
constexpr double kLatestTimestamp = 253402300799.0;

bool is_timestamp_member(const std::string& name) {
  for (const std::string_view member : kTimestampMembers) {
    if (name == member) return true;
  }
  return false;
}

// Epoch seconds as ISO-8601; the number's own text when it is out of range, which the reader then rejects.
std::string timestamp_text(double value, std::string text) {
  const double seconds = std::floor(value);
  if (!(seconds >= kEarliestTimestamp && seconds <= kLatestTimestamp)) return text;
  return iso8601(std::chrono::sys_seconds{std::chrono::seconds{static_cast<std::int64_t>(seconds)}});
}

// Flattens while parsing (nlohmann's SAX interface), so that no JSON document is built only to be walked once:
// a 500-query body is some 10,000 values.
class Flattener final : public json::json_sax_t {
 public:
  common::QueryParams take() { return std::move(params_); }
  bool object_at_top() const { return object_at_top_; }

  bool null() override {
    name_of_next();  // a null member counts as absent, but still takes its place in a list
    return true;
  }
  bool boolean(bool value) override { return add(value ? "true" : "false"); }
  bool number_integer(number_integer_t value) override {
    return add_number(static_cast<double>(value), std::to_string(value));
  }
  bool number_unsigned(number_unsigned_t value) override {
    return add_number(static_cast<double>(value), std::to_string(value));
  }
  bool number_float(number_float_t value, const string_t& text) override { return add_number(value, text); }
  bool string(string_t& value) override { return add(std::move(value)); }
  bool binary(binary_t&) override { return false; }

  bool start_object(std::size_t) override {
    if (frames_.empty()) object_at_top_ = true;
    return open(false);
  }
  bool key(string_t& key) override {
    frames_.back().key = std::move(key);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return !frames_.empty() && open(true); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  struct Frame {
    std::string name;
    bool list = false;
    unsigned items = 0;
    std::string key;
  };

  // The Query name of the value that comes next: "<object>.<key>" or "<list>.member.<N>".
  std::string name_of_next() {
    Frame& frame = frames_.back();
    if (frame.list) return frame.name + ".member." + std::to_string(++frame.items);
    return frame.name.empty() ? std::move(frame.key) : frame.name + "." + frame.key;
  }

  bool open(bool list) {
    std::string name = frames_.empty() ? std::string() : name_of_next();
    frames_.push_back({std::move(name), list, 0, {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  bool add(std::string value) {
    if (frames_.empty()) return false;
    params_.emplace_back(name_of_next(), std::move(value));
    return true;
  }

  bool add_number(double value, std::string text) {
    if (frames_.empty()) return false;
    std::string name = name_of_next();
    std::string param = is_timestamp_member(name) ? timestamp_text(value, std::move(text)) : std::move(text);
    params_.emplace_back(std::move(name), std::move(param));
    return true;
  }

  common::QueryParams params_;
  std::vector<Frame> frames_;
  bool object_at_top_ = false;
};

}  // namespace

std::variant<QueryParameters, ApiError> json_to_query_parameters(std::string_view body) {
  if (body.empty()) return QueryParameters();
  Flattener flattener;
  if (!json::sax_parse(body, &flattener) || !flattener.object_at_top()) {
    return serialization_error("The request body is not a JSON object.");
  }
  return QueryParameters(flattener.take());
}

}  // namespace rds_exporter::sim::cloudwatch
