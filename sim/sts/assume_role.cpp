#include "sim/sts/assume_role.h"

#include "aws/sigv4/crypto.h"
#include "sim/protocol/query_response.h"
#include "sim/sts/role_session_request.h"
#include "sim/sts/session_xml.h"
#include "sim/sts/sts_api.h"
#include "sim/sts/sts_errors.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

// A trust policy entry names a principal of the role's own account by name (the fleet file's shorthand), a
// principal by ARN, or a whole account by its id or "arn:aws:iam::<account>:root", as IAM's Principal element does.
bool trusted_by(const std::string& entry, const Role& role, const Principal& caller) {
  if (entry == caller.arn) return true;
  if (entry == caller.account_id || entry == "arn:aws:iam::" + caller.account_id + ":root") return true;
  return entry == caller.name && caller.account_id == account_of_arn(role.arn);
}

bool trusts(const Role& role, const Principal& caller) {
  return std::any_of(role.trusted_principals.begin(), role.trusted_principals.end(),
                     [&](const std::string& entry) { return trusted_by(entry, role, caller); });
}

// The ExternalId condition of the trust policy; compared in constant time, as it is a shared secret.
bool external_id_matches(const Role& role, const std::string* external_id) {
  if (role.external_id.empty()) return true;
  return external_id != nullptr && aws::constant_time_equal(*external_id, role.external_id);
}

}  // namespace

std::string AssumeRole::resource_arn(const OperationCall& call) const {
  const std::string* role_arn = call.params.find("RoleArn");
  return role_arn != nullptr ? *role_arn : "*";
}

OperationOutcome AssumeRole::invoke(const OperationCall& call) const {
  auto read = read_role_session_request(call.params, call.fleet);
  if (auto* error = std::get_if<ApiError>(&read)) return std::move(*error);
  const auto& request = std::get<RoleSessionRequest>(read);

  const std::string* external_id = call.params.find("ExternalId");
  if (external_id != nullptr && (external_id->size() < 2 || external_id->size() > 1224)) {
    // The value is a shared secret, so unlike AWS the message leaves it out.
    return ApiError{400, "ValidationError",
                    "1 validation error detected: Value at 'externalId' failed to satisfy constraint: Member must "
                    "have length between 2 and 1224"};
  }
  const Principal& caller = *call.caller;
  if (request.role == nullptr || !trusts(*request.role, caller) || !external_id_matches(*request.role, external_id)) {
    return assume_role_denied(caller.arn, request.role_arn);
  }
  if (auto error = check_session_duration(request)) return *error;

  const TemporaryCredentials credentials =
      store_.issue(*request.role, account_of_arn(request.role->arn), request.session_name, request.duration);
  return query_response("AssumeRole", kStsXmlNamespace, call.request_id, [&](XmlWriter& xml) {
    write_credentials(xml, credentials);
    write_assumed_role_user(xml, request.role->arn, request.session_name, credentials);
  });
}

}  // namespace rds_exporter::sim
