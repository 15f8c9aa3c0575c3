#include "aws/services/sts_wire.h"

#include "aws/protocol/query_protocol.h"

namespace rds_exporter::aws {
namespace {

Credentials read_credentials(const XmlElement& result) {
  const XmlElement element = result.required_child("Credentials");
  Credentials credentials;
  credentials.access_key_id = element.required_text("AccessKeyId");
  credentials.secret_access_key = element.required_text("SecretAccessKey");
  credentials.session_token = element.required_text("SessionToken");
  credentials.expiration = element.required_timestamp("Expiration");
  return credentials;
}

}  // namespace

common::HttpRequest assume_role_request(const AssumeRoleParameters& parameters) {
  // The model's member order, as botocore sends them: DurationSeconds comes before ExternalId.
  QueryParamsBuilder params;
  params.add("RoleArn", parameters.role_arn).add("RoleSessionName", parameters.session_name);
  if (parameters.duration_seconds) params.add_integer("DurationSeconds", *parameters.duration_seconds);
  if (parameters.external_id) params.add("ExternalId", *parameters.external_id);
  return make_query_request("AssumeRole", kStsApiVersion, std::move(params).params());
}

common::HttpRequest assume_role_with_web_identity_request(const WebIdentityParameters& parameters) {
  QueryParamsBuilder params;
  params.add("RoleArn", parameters.role_arn)
      .add("RoleSessionName", parameters.session_name)
      .add("WebIdentityToken", parameters.web_identity_token);
  if (parameters.duration_seconds) params.add_integer("DurationSeconds", *parameters.duration_seconds);
  return make_query_request("AssumeRoleWithWebIdentity", kStsApiVersion, std::move(params).params());
}

common::HttpRequest get_caller_identity_request() {
  return make_query_request("GetCallerIdentity", kStsApiVersion, {});
}

common::Expected<Credentials, AwsError> parse_assume_role(const common::HttpResponse& response) {
  return read_query_result<Credentials>(response, "AssumeRole", read_credentials);
}

common::Expected<Credentials, AwsError> parse_assume_role_with_web_identity(const common::HttpResponse& response) {
  return read_query_result<Credentials>(response, "AssumeRoleWithWebIdentity", read_credentials);
}

common::Expected<CallerIdentity, AwsError> parse_get_caller_identity(const common::HttpResponse& response) {
  return read_query_result<CallerIdentity>(response, "GetCallerIdentity", [](const XmlElement& result) {
    return CallerIdentity{.account = result.required_text("Account"),
                          .arn = result.required_text("Arn"),
                          .user_id = result.required_text("UserId")};
  });
}

}  // namespace rds_exporter::aws
