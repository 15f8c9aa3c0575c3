#include "sim/sts/assume_role_with_web_identity.h"

#include "aws/sigv4/crypto.h"
#include "sim/protocol/query_response.h"
#include "sim/sts/role_session_request.h"
#include "sim/sts/session_xml.h"
#include "sim/sts/sts_api.h"
#include "sim/sts/sts_errors.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

// What the simulator's web identity tokens stand for: an EKS service account's token for STS.
constexpr std::string_view kAudience = "sts.amazonaws.com";
constexpr std::string_view kSubject = "system:serviceaccount:monitoring:rds-exporter";

bool trusts(const Role& role, const std::string& token) {
  return std::any_of(role.web_identity_tokens.begin(), role.web_identity_tokens.end(),
                     [&](const std::string& trusted) { return aws::constant_time_equal(trusted, token); });
}

bool any_role_trusts(const Fleet& fleet, const std::string& token) {
  const auto& roles = fleet.credential_sources().roles;
  return std::any_of(roles.begin(), roles.end(), [&](const Role& role) { return trusts(role, token); });
}

}  // namespace

OperationOutcome AssumeRoleWithWebIdentity::invoke(const OperationCall& call) const {
  auto read = read_role_session_request(call.params, call.fleet);
  if (auto* error = std::get_if<ApiError>(&read)) return std::move(*error);
  const auto& request = std::get<RoleSessionRequest>(read);

  // The token is a credential: never echoed, not even in validation errors.
  const std::string* token = call.params.find("WebIdentityToken");
  if (token == nullptr) return validation_error("webIdentityToken", nullptr, "Member must not be null");
  if (!any_role_trusts(call.fleet, *token)) return invalid_identity_token();
  if (request.role == nullptr || !trusts(*request.role, *token)) return web_identity_denied();
  if (auto error = check_session_duration(request)) return *error;

  const TemporaryCredentials credentials =
      store_.issue(*request.role, account_of_arn(request.role->arn), request.session_name, request.duration);
  return query_response("AssumeRoleWithWebIdentity", kStsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    write_credentials(xml, credentials);
    xml.text("SubjectFromWebIdentityToken", kSubject);
    write_assumed_role_user(xml, request.role->arn, request.session_name, credentials);
    xml.text("Provider", request.role->web_identity_provider);
    xml.text("Audience", kAudience);
  });
}

}  // namespace rds_exporter::sim
