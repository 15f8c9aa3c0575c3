#include "sim/credentials/sso_portal_service.h"

#include "aws/sigv4/crypto.h"
#include "sim/common/request_lookup.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kOperation = "GetRoleCredentials";
// An SSO role session is named after the signed-in user.
constexpr std::string_view kSessionName = "rdssim-sso-user";
constexpr std::chrono::hours kSsoCredentialLifetime{1};

// REST-JSON errors: the code in x-amzn-ErrorType, the message in the body.
RestAnswer sso_error(int status, std::string code, std::string_view message) {
  const nlohmann::ordered_json body = {{"message", message}};
  return {{status, "application/json", body.dump(), {{"x-amzn-ErrorType", code}}}, std::string(kOperation),
          std::move(code)};
}

}  // namespace

RestAnswer SsoPortalService::handle(const common::HttpRequest& request) const {
  if (request.method != "GET") return sso_error(405, "MethodNotAllowed", "GetRoleCredentials is a GET");
  const std::string* role_name = find_query(request.query, "role_name");
  const std::string* account_id = find_query(request.query, "account_id");
  if (role_name == nullptr || account_id == nullptr) {
    return sso_error(400, "InvalidRequestException", "role_name and account_id are required");
  }
  const std::string* token = find_header(request.headers, "x-amz-sso_bearer_token");
  const auto& grants = fleet_->credential_sources().sso;
  const auto grant = std::find_if(grants.begin(), grants.end(), [&](const SsoAccessToken& candidate) {
    return token != nullptr && aws::constant_time_equal(*token, candidate.access_token);
  });
  if (grant == grants.end()) return sso_error(401, "UnauthorizedException", "Session token not found or invalid");
  if (*account_id != fleet_->account_id() ||
      std::find(grant->roles.begin(), grant->roles.end(), *role_name) == grant->roles.end()) {
    return sso_error(403, "ForbiddenException", "No access");
  }
  const Role& role = *fleet_->credential_sources().find_role_by_name(*role_name);
  const TemporaryCredentials issued =
      store_.issue(role, fleet_->account_id(), kSessionName,
                   std::chrono::duration_cast<std::chrono::seconds>(kSsoCredentialLifetime));
  const auto expiration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(issued.expiration.time_since_epoch()).count();
  const nlohmann::ordered_json body = {{"roleCredentials",
                                        {{"accessKeyId", issued.access_key_id},
                                         {"secretAccessKey", issued.secret_access_key},
                                         {"sessionToken", issued.session_token},
                                         {"expiration", expiration_ms}}}};
  return {{200, "application/json", body.dump(), {}}, std::string(kOperation), "200"};
}

}  // namespace rds_exporter::sim
