#include "aws/services/sso_wire.h"

#include "aws/protocol/json_protocol.h"

#include <string>

namespace rds_exporter::aws {

common::HttpRequest get_role_credentials_request(std::string_view account_id, std::string_view role_name,
                                                 std::string_view access_token) {
  common::HttpRequest request;
  request.method = "GET";
  request.path = "/federation/credentials";
  request.query = {{"role_name", std::string(role_name)}, {"account_id", std::string(account_id)}};
  request.headers = {{"x-amz-sso_bearer_token", std::string(access_token)}};
  return request;
}

common::Expected<Credentials, AwsError> parse_get_role_credentials(const common::HttpResponse& response) {
  return read_json_result<Credentials>(response, "GetRoleCredentials", [](const JsonElement& output) {
    const JsonElement role_credentials = output.required_member("roleCredentials");
    Credentials credentials;
    credentials.access_key_id = role_credentials.required_string("accessKeyId");
    credentials.secret_access_key = role_credentials.required_string("secretAccessKey");
    credentials.session_token = role_credentials.required_string("sessionToken");
    credentials.expiration = role_credentials.required_member("expiration").to_epoch_milliseconds();
    return credentials;
  });
}

}  // namespace rds_exporter::aws
