#include "aws/services/sso_portal_client.h"

#include "aws/protocol/json_protocol.h"
#include "aws/services/sso_wire.h"

namespace rds_exporter::aws {

SsoPortalClient::SsoPortalClient(ClientContext context, const EndpointResolver& endpoints, RetryPolicy retry_policy)
    : context_(std::move(context)), endpoints_(endpoints), retry_policy_(retry_policy) {}

CredentialsOutcome SsoPortalClient::get_role_credentials(const SsoRoleRequest& request) {
  auto endpoint = endpoints_.resolve(kSsoService, request.sso_region);
  if (!endpoint) {
    AwsError error;
    error.kind = ErrorKind::credentials;
    error.code = "InvalidEndpoint";
    error.message = std::move(endpoint).error();
    return common::Unexpected{std::move(error)};
  }
  ServiceClient client(context_, ServiceClientOptions{kSsoService, request.sso_region, std::move(endpoint).value(),
                                                      nullptr, retry_policy_, retry_quota_, nullptr});
  return client.call_and_parse(
      "GetRoleCredentials", get_role_credentials_request(request.account_id, request.role_name, request.access_token),
      decode_json_error, parse_get_role_credentials);
}

}  // namespace rds_exporter::aws
