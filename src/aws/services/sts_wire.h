#pragma once

#include "aws/credentials/role_assumer.h"
#include "aws/protocol/aws_error.h"
#include "aws/sigv4/credentials.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <string>
#include <string_view>

namespace rds_exporter::aws {

// STS over the Query protocol: pure functions, no I/O.

inline constexpr std::string_view kStsApiVersion = "2011-06-15";

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

// To be signed with the source credentials.
common::HttpRequest assume_role_request(const AssumeRoleParameters& parameters);
// Sent unsigned, as the SDKs send it. The body holds the web identity token, a secret: never log it.
common::HttpRequest assume_role_with_web_identity_request(const WebIdentityParameters& parameters);
common::HttpRequest get_caller_identity_request();

// Temporary credentials from <Op>Result/Credentials, all four members required. A non-2xx answer gives the
// Query error it carries.
common::Expected<Credentials, AwsError> parse_assume_role(const common::HttpResponse& response);
common::Expected<Credentials, AwsError> parse_assume_role_with_web_identity(const common::HttpResponse& response);
common::Expected<CallerIdentity, AwsError> parse_get_caller_identity(const common::HttpResponse& response);

}  // namespace rds_exporter::aws
