#include "sim/credentials/container_credentials_service.h"

#include "aws/sigv4/crypto.h"
#include "sim/common/request_lookup.h"
#include "sim/credentials/credentials_json.h"

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kTaskPathPrefix = "/v2/credentials/";
constexpr std::string_view kTaskSession = "rds-sim-task";
constexpr std::string_view kPodSession = "rds-sim-pod";
constexpr std::chrono::hours kContainerCredentialLifetime{6};

// The ECS agent's error shape; the EKS Pod Identity agent's is alike.
RestAnswer container_error(int status, std::string code, std::string_view message, std::string operation) {
  const nlohmann::ordered_json body = {{"code", code}, {"message", message}, {"HTTPErrorCode", status}};
  return {{status, "application/json", body.dump(), {}}, std::move(operation), std::move(code)};
}

}  // namespace

RestAnswer ContainerCredentialsService::handle(const common::HttpRequest& request) const {
  const bool task = request.path.starts_with(kTaskPathPrefix);
  std::string operation = task ? "GetTaskCredentials" : "GetPodCredentials";
  if (request.method != "GET")
    return container_error(405, "MethodNotAllowed", "Only GET is served here", std::move(operation));
  const ContainerCredentialsSource& source = fleet_->credential_sources().container;
  if (source.role.empty()) {
    return container_error(404, "NotFound", "This simulated host has no container credentials", std::move(operation));
  }
  if (task) {
    if (request.path.substr(kTaskPathPrefix.size()) != source.task_credentials_id) {
      return container_error(400, "InvalidIdInRequest", "CredentialsV2Request: Credentials not found",
                             std::move(operation));
    }
    return credentials(std::move(operation));
  }
  const std::string* authorization = find_header(request.headers, "Authorization");
  if (authorization == nullptr || authorization->empty()) {
    return container_error(401, "AccessDenied", "Authorization header is required", std::move(operation));
  }
  if (!aws::constant_time_equal(*authorization, source.authorization_token)) {
    return container_error(403, "AccessDenied", "Authorization token is not valid", std::move(operation));
  }
  return credentials(std::move(operation));
}

RestAnswer ContainerCredentialsService::credentials(std::string operation) const {
  const Fleet& fleet = *fleet_;
  const Role& role = *fleet.credential_sources().find_role_by_name(fleet.credential_sources().container.role);
  const std::string_view session = operation == "GetTaskCredentials" ? kTaskSession : kPodSession;
  const TemporaryCredentials issued =
      store_.issue(role, fleet.account_id(), session,
                   std::chrono::duration_cast<std::chrono::seconds>(kContainerCredentialLifetime));
  nlohmann::ordered_json body = {{"RoleArn", role.arn}};
  body.update(credentials_json(issued));
  return {{200, "application/json", body.dump(), {}}, std::move(operation), "200"};
}

}  // namespace rds_exporter::sim
