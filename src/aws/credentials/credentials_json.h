#pragma once

#include "aws/protocol/json_reader.h"
#include "aws/sigv4/credentials.h"

#include <string_view>

namespace rds_exporter::aws {

// The members container endpoints, instance metadata and credential_process answer with: AccessKeyId and
// SecretAccessKey (required), the session token under `session_token_member` ("Token" or "SessionToken") and
// Expiration (optional, RFC 3339). Throws MalformedResponseError naming the member at fault, never its value.
Credentials read_credentials_members(const JsonElement& object, std::string_view session_token_member);

}  // namespace rds_exporter::aws
