#pragma once

#include "aws/sigv4/credential_scope.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::aws {

// "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date,
// Signature=<64 hex>"
struct AuthorizationHeader {
  SigningCredential credential;
  std::vector<std::string> signed_headers;  // lowercase, in the order given
  std::string signature;                    // lowercase hex

  bool operator==(const AuthorizationHeader&) const = default;
};

std::string format_authorization_header(const AuthorizationHeader& header);

// Parses the value of a received Authorization header for a verifier. The three components may come in any
// order, with or without a space after each comma; anything else (another algorithm, a missing, repeated
// or unknown component, a malformed credential, an empty header name, a signature that is not 64 hex
// characters) returns a message saying what was wrong.
std::variant<AuthorizationHeader, std::string> parse_authorization_header(std::string_view value);

}  // namespace rds_exporter::aws
