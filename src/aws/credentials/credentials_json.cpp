#include "aws/credentials/credentials_json.h"

#include "aws/credentials/credential_time.h"
#include "aws/protocol/response_reading.h"

namespace rds_exporter::aws {

Credentials read_credentials_members(const JsonElement& object, std::string_view session_token_member) {
  Credentials credentials;
  credentials.access_key_id = object.required_string("AccessKeyId");
  credentials.secret_access_key = object.required_string("SecretAccessKey");
  credentials.session_token = object.optional_string(session_token_member).value_or("");
  if (const auto expiration = object.optional_string("Expiration")) {
    credentials.expiration = parse_credential_time(*expiration);
    if (!credentials.expiration) throw MalformedResponseError("Expiration is not an RFC 3339 time");
  }
  return credentials;
}

}  // namespace rds_exporter::aws
