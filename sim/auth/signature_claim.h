#pragma once

#include "aws/sigv4/credential_scope.h"
#include "common/http_message.h"
#include "sim/common/request_lookup.h"
#include "sim/protocol/api_error.h"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace rds_exporter::sim {

// What a request says about its SigV4 signature, from its Authorization header or, for a presigned URL, its
// X-Amz-* query parameters. Nothing here is verified yet.
struct SignatureClaim {
  aws::SigningCredential credential;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::string amz_date;
  // X-Amz-Security-Token; empty when the request carries none.
  std::string session_token;
  // X-Amz-Expires of a presigned URL: how long after amz_date it stays valid. Unset for header signatures.
  std::optional<std::chrono::seconds> presigned_expires;
};

// A request that carries no signature at all.
struct NoSignature {};

using SignatureReading = std::variant<NoSignature, SignatureClaim, ApiError>;

// The error is IncompleteSignature when the signature is there but cannot be parsed.
SignatureReading read_signature_claim(const common::HttpRequest& request);

}  // namespace rds_exporter::sim
