#include "aws/services/sts_client.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
StsClient::StsClient(ClientContext context, ServiceClientOptions options)
    : context_(std::move(context)), options_(std::move(options)) {
  options_.credentials = nullptr;
}

ServiceClient StsClient::client_signed_by(CredentialsProvider* credentials) const {
  ServiceClientOptions options = options_;
  // Borrowed, not owned: the caller's provider outlives the call.
  options.credentials =
      credentials ? std::shared_ptr<CredentialsProvider>(std::shared_ptr<void>(), credentials) : nullptr;
  return ServiceClient(context_, std::move(options));
}

CredentialsOutcome StsClient::assume_role(CredentialsProvider& source, const AssumeRoleParameters& parameters) {
  return client_signed_by(&source).call_and_parse("AssumeRole", assume_role_request(parameters), decode_query_error,
                                                  parse_assume_role);
}

CredentialsOutcome StsClient::assume_role_with_web_identity(const WebIdentityParameters& parameters) {
  return client_signed_by(nullptr).call_and_parse("AssumeRoleWithWebIdentity",
                                                  assume_role_with_web_identity_request(parameters), decode_query_error,
                                                  parse_assume_role_with_web_identity);
}

common::Expected<CallerIdentity, AwsError> StsClient::get_caller_identity(CredentialsProvider& credentials) const {
  return client_signed_by(&credentials)
      .call_and_parse("GetCallerIdentity", get_caller_identity_request(), decode_query_error,
                      parse_get_caller_identity);
}

}  // namespace rds_exporter::aws
