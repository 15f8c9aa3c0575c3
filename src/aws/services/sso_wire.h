#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/sigv4/credentials.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <string_view>

namespace rds_exporter::aws {

// The IAM Identity Center portal's GetRoleCredentials (REST-JSON): pure functions, no I/O.

// GET /federation/credentials?role_name=…&account_id=… with the access token in x-amz-sso_bearer_token.
// Sent unsigned; the header holds a secret, so never log the request's headers.
common::HttpRequest get_role_credentials_request(std::string_view account_id, std::string_view role_name,
                                                 std::string_view access_token);

// roleCredentials, all four members required; `expiration` is epoch milliseconds. A non-2xx answer gives the
// error it carries (code from x-amzn-ErrorType, e.g. "UnauthorizedException" for an expired token).
common::Expected<Credentials, AwsError> parse_get_role_credentials(const common::HttpResponse& response);

}  // namespace rds_exporter::aws
