#include "aws/sigv4/credential_scope.h"

#include "common/text.h"

#include <algorithm>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kTerminator = "aws4_request";

bool is_date_stamp(std::string_view text) {
  return text.size() == 8 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string CredentialScope::to_string() const {
  return date + '/' + region + '/' + service + '/' + std::string(kTerminator);
}

std::string SigningCredential::to_string() const { return access_key_id + '/' + scope.to_string(); }

std::variant<SigningCredential, std::string> parse_signing_credential(std::string_view text) {
  const auto parts = common::split(text, '/');
  if (parts.size() != 5) {
    return std::string("credential must be <access key id>/<date>/<region>/<service>/aws4_request");
  }
  if (std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.empty(); })) {
    return std::string("credential has an empty part");
  }
  if (!is_date_stamp(parts[1])) return std::string("credential date must be YYYYMMDD");
  if (parts[4] != kTerminator) return std::string("credential scope must end with aws4_request");
  return SigningCredential{std::string(parts[0]),
                           CredentialScope{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])}};
}

}  // namespace rds_exporter::aws
