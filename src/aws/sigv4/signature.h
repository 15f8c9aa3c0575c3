#pragma once

#include "aws/sigv4/credential_scope.h"

#include <string>
#include <string_view>

namespace rds_exporter::aws {

inline constexpr std::string_view kSigningAlgorithm = "AWS4-HMAC-SHA256";

// "AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex sha256 of the canonical request>"
std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope, std::string_view canonical_request);

// The HMAC chain "AWS4"+secret -> date -> region -> service -> "aws4_request"; raw 32 bytes.
std::string derive_signing_key(std::string_view secret_access_key, const CredentialScope& scope);

// Lowercase hex HMAC-SHA256 of the string to sign under the signing key.
std::string signature_hex(std::string_view signing_key, std::string_view string_to_sign);

}  // namespace rds_exporter::aws
