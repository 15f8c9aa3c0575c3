#pragma once

#include "aws/protocol/timestamp.h"
#include "common/expected.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// A value of an AWS JSON answer with the path that leads to it ("MetricDataResults[0].Timestamps[3]"). The
// readers check the value's type and throw MalformedResponseError naming the path, where nlohmann's own
// errors would say only "type must be string, but is number". Only valid while the json it points into lives.
class JsonElement {
 public:
  JsonElement(const nlohmann::json& value, std::string path);

  const std::string& path() const { return path_; }

  // A member of this object; nullopt when absent or null, as AWS JSON services write a missing member either
  // way. Throws unless this is an object.
  std::optional<JsonElement> member(std::string_view name) const;
  JsonElement required_member(std::string_view name) const;
  // The items of this array; throws unless this is one.
  std::vector<JsonElement> items() const;

  std::string to_string() const;
  double to_double() const;
  // A whole number, as AWS JSON writes longs (epoch milliseconds, byte counts); 1.5E12 is one too, 1.5 or a
  // number beyond the int64 range is not.
  std::int64_t to_int64() const;
  TimePoint to_epoch_seconds() const;
  TimePoint to_epoch_milliseconds() const;

  std::optional<std::string> optional_string(std::string_view name) const;
  std::optional<std::int64_t> optional_int64(std::string_view name) const;
  // Throws when the member is absent, null or empty.
  std::string required_string(std::string_view name) const;
  // The items of an array member; empty when the member is absent or null.
  std::vector<JsonElement> optional_array(std::string_view name) const;

 private:
  [[noreturn]] void fail(std::string_view problem) const;

  const nlohmann::json* value_;
  std::string path_;
};

// The error says where the text stops being valid JSON ("syntax error at byte 120 of 130"), never quoting the
// text: nlohmann's own messages quote the last token read, which in an SSO answer may be a secret key. Never
// throws: a number out of double range (1E400) or a document too large for memory is an error too, since every
// document it reads comes from outside (AWS answers, IMDS, credential_process output, the SSO cache).
common::Expected<nlohmann::json, std::string> parse_json_document(std::string_view text);

// The problem parse_json_document names for a document nlohmann refused with `error` (`size` bytes long).
std::string json_syntax_problem(const nlohmann::json::exception& error, std::size_t size);

// The base of a reader that takes an answer as nlohmann parses it (its SAX interface), without a document tree:
// for the large answers, where the tree would be about as large as the text. Every value arrives at scalar() or
// open(), each member's name first at member(), the end of an object or array at close(); a syntax error is
// worded as parse_json_document words it, and ends the parse.
class JsonStreamReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  // `size`: the text's length, for the syntax error's wording.
  explicit JsonStreamReader(std::size_t size) : size_(size) {}

  const std::optional<std::string>& syntax_error() const { return syntax_error_; }
  // Once the parse is over: the first problem a tree reader would have met, or nothing.
  virtual std::optional<std::string> problem() const = 0;

  bool null() final { return scalar(Scalar{"null"}); }
  bool boolean(bool) final { return scalar(Scalar{"boolean"}); }
  bool number_integer(number_integer_t value) final { return scalar(Scalar{"number", nlohmann::json(value)}); }
  bool number_unsigned(number_unsigned_t value) final { return scalar(Scalar{"number", nlohmann::json(value)}); }
  bool number_float(number_float_t value, const string_t&) final {
    return scalar(Scalar{"number", nlohmann::json(value)});
  }
  bool string(string_t& value) final { return scalar(Scalar{"string", {}, &value}); }
  bool binary(binary_t&) final { return scalar(Scalar{"binary"}); }
  bool start_object(std::size_t) final { return open("object"); }
  bool start_array(std::size_t) final { return open("array"); }
  bool end_object() final { return close(); }
  bool end_array() final { return close(); }
  bool key(string_t& name) final { return member(name); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& error) final {
    syntax_error_ = json_syntax_problem(error, size_);
    return false;
  }

 protected:
  // A value other than an object or array: its type as nlohmann's type_name() says it, a number's value (as
  // nlohmann's tree would hold it), a string's text (the reader may take it).
  struct Scalar {
    const char* type;
    nlohmann::json number;
    std::string* text = nullptr;
  };
  static std::string* text_of(const Scalar* scalar) { return scalar != nullptr ? scalar->text : nullptr; }

  // The problems a reader names, worded as JsonElement words them: "<path>: expected <what>, got <type>", the
  // document itself being "top level".
  static std::string expected(const std::string& path, std::string_view what, const char* type) {
    return (path.empty() ? std::string("top level") : path) + ": expected " + std::string(what) + ", got " + type;
  }
  // Keeps the first problem met in `slot`.
  static void note(std::optional<std::string>& slot, std::string problem) {
    if (!slot) slot = std::move(problem);
  }
  // A string member (the last of duplicates counts): `text` (null unless the value is a string) into `into`, or the
  // problem the tree reader would name; null is absent. `path` makes the member's path, only when there is a problem
  // to word. Copied, not moved: the parser grew its buffer by doubling, the copy is the text's exact size, and the
  // parser keeps its buffer for the next string.
  template <typename Path>
  static void read_text(const char* type, const std::string* text, const Path& path, std::string& into,
                        std::optional<std::string>& problem) {
    into.clear();
    problem.reset();
    if (text != nullptr) {
      into.assign(*text);
    } else if (std::string_view(type) != "null") {
      problem = expected(path(), "a string", type);
    }
  }

  // Each returns true to go on.
  virtual bool scalar(const Scalar& value) = 0;
  // An object or array starts: `type` is "object" or "array".
  virtual bool open(const char* type) = 0;
  virtual bool close() = 0;
  virtual bool member(std::string& name) = 0;

 private:
  std::size_t size_;
  std::optional<std::string> syntax_error_;
};

}  // namespace rds_exporter::aws
