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

}  // namespace rds_exporter::aws
