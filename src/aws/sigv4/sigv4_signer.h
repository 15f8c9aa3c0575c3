#pragma once

#include "aws/sigv4/credentials.h"
#include "aws/sigv4/signing_key_cache.h"
#include "common/http_message.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::aws {

enum class PayloadHash {
  body_sha256,       // hex SHA-256 of the body: the body is covered by the signature
  unsigned_payload,  // "UNSIGNED-PAYLOAD": the body is not covered (large or streamed bodies)
};

struct SigningParams {
  std::string region;
  std::string service;
  // Passed in rather than read from the clock so that signing is reproducible and testable.
  std::chrono::system_clock::time_point time;
  PayloadHash payload = PayloadHash::body_sha256;
  // With body_sha256: the body's SHA-256 in lower-case hex when the caller has it, so that the request handed to
  // sign() need not carry its body (ServiceClient hashes a body once per call and never copies it per attempt).
  std::optional<std::string> body_sha256;
  // Adds and signs x-amz-content-sha256 with the payload hash (header signing only: a presigned URL carries
  // no extra headers).
  bool content_sha256_header = false;
  // False only for S3, which signs the path exactly as sent.
  bool normalize_path = true;
  // False adds X-Amz-Security-Token after signing, uncovered, for the services that want it that way.
  bool sign_session_token = true;
};

// The intermediate results, for diagnosing a signature mismatch against what AWS reports.
struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

// Signs requests with AWS Signature Version 4. It does no I/O and reads no clock; one signer can be shared
// by all threads, and shares derived signing keys between them.
class SigV4Signer {
 public:
  // Signs with headers: adds X-Amz-Date, X-Amz-Security-Token (for temporary credentials),
  // x-amz-content-sha256 (if asked) and Authorization, replacing any left by an earlier signing so that a
  // retried request can be signed again. Every header present is signed except those listed at
  // signable_header_names. Throws std::invalid_argument if the request has no Host header.
  SigningResult sign(common::HttpRequest& request, const Credentials& credentials, const SigningParams& params) const;

  // Presigns in the query string: adds X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
  // X-Amz-SignedHeaders, X-Amz-Security-Token and X-Amz-Signature, replacing any earlier ones. Throws
  // std::invalid_argument without a Host header or if `expires` is not within 1 second to 7 days, the range
  // AWS accepts.
  SigningResult presign(common::HttpRequest& request, const Credentials& credentials, const SigningParams& params,
                        std::chrono::seconds expires) const;

 private:
  SigningResult sign_canonical(const common::HttpRequest& request, const Credentials& credentials,
                               const SigningParams& params, const std::vector<std::string>& signed_headers,
                               const std::string& payload_hash) const;

  SigningKeyCache keys_;
};

}  // namespace rds_exporter::aws
