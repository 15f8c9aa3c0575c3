#include "aws/credentials/credential_time.h"

#include "common/time_text.h"

#include <string>

namespace rds_exporter::aws {

std::optional<std::chrono::system_clock::time_point> parse_credential_time(std::string_view text) {
  constexpr std::string_view kUtcSuffix = "UTC";
  if (text.size() > kUtcSuffix.size() && text.substr(text.size() - kUtcSuffix.size()) == kUtcSuffix) {
    return common::parse_iso8601(std::string(text.substr(0, text.size() - kUtcSuffix.size())) + "Z");
  }
  return common::parse_iso8601(text);
}

}  // namespace rds_exporter::aws
