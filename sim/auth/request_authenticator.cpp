#include "sim/auth/request_authenticator.h"

#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signature.h"
#include "common/time_text.h"
#include "sim/protocol/common_errors.h"

#include <stdexcept>

namespace rds_exporter::sim {
namespace {

// The payload hash the client signed: x-amz-content-sha256 when it sent one, else the body's hash. A header
// that does not match the body means the body changed after signing.
std::optional<std::string> payload_hash(const common::HttpRequest& request) {
  const std::string body_hash = aws::sha256_hex(request.body);
  const std::string* header = find_header(request.headers, "x-amz-content-sha256");
  if (header == nullptr) return body_hash;
  if (*header != aws::kUnsignedPayload && *header != body_hash) return std::nullopt;
  return *header;
}

// A presigned URL signs its query string without its own X-Amz-Signature.
common::HttpRequest without_signature_parameter(const common::HttpRequest& request) {
  common::HttpRequest copy = request;
  std::erase_if(copy.query, [](const auto& param) { return param.first == "X-Amz-Signature"; });
  return copy;
}

}  // namespace

std::variant<const Principal*, ApiError> RequestAuthenticator::authenticate(const common::HttpRequest& request,
                                                                            const SignatureClaim& claim,
                                                                            const Fleet& fleet) const {
  const Principal* principal = fleet.find_principal(claim.credential.access_key_id);
  if (principal == nullptr && issued_ != nullptr) principal = issued_->find(claim.credential.access_key_id);
  if (principal == nullptr) return invalid_client_token_id();
  // Long-term keys take no token, and temporary keys only their own.
  if (!aws::constant_time_equal(claim.session_token, principal->session_token)) return invalid_client_token_id();
  const auto now = clock_();
  if (principal->expiration && now >= *principal->expiration) return expired_token();

  const aws::CredentialScope& scope = claim.credential.scope;
  // Organizations has a single endpoint, in us-east-1, whatever regions the fleet serves.
  const bool served = fleet.serves_region(scope.region) || (scope.service == "organizations" && scope.region == "us-east-1");
  if (!served) {
    return signature_does_not_match("Credential should be scoped to a valid region, not '" + scope.region + "'. ");
  }
  if (auto error = check_time(claim, now)) return *error;
  if (auto error = check_signature(request, claim, *principal)) return *error;
  return principal;
}

std::optional<ApiError> RequestAuthenticator::check_time(const SignatureClaim& claim,
                                                         std::chrono::system_clock::time_point now) const {
  const auto signed_at = common::parse_amz_date(claim.amz_date);
  if (!signed_at) {
    return incomplete_signature("Date must be in ISO-8601 'basic format'. Got '" + claim.amz_date +
                                "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  if (claim.credential.scope.date != claim.amz_date.substr(0, 8)) {
    return signature_does_not_match(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
        "from HTTP: '" +
        claim.credential.scope.date + "' != '" + claim.amz_date.substr(0, 8) + "', from '" + claim.amz_date + "'.");
  }
  if (*signed_at > now + kAllowedClockSkew) return signature_not_yet_current(*signed_at, now, kAllowedClockSkew);
  // A presigned URL is good for its X-Amz-Expires; a header signature for the allowed skew.
  const std::chrono::seconds valid_for = claim.presigned_expires.value_or(kAllowedClockSkew);
  if (*signed_at < now - valid_for) return signature_expired(*signed_at, now, valid_for);
  return std::nullopt;
}

std::optional<ApiError> RequestAuthenticator::check_signature(const common::HttpRequest& request,
                                                              const SignatureClaim& claim,
                                                              const Principal& principal) const {
  const auto hash = payload_hash(request);
  if (!hash) return signature_does_not_match();
  std::string canonical;
  try {
    canonical = claim.presigned_expires
                    ? aws::canonical_request(without_signature_parameter(request), claim.signed_headers, *hash, true)
                    : aws::canonical_request(request, claim.signed_headers, *hash, true);
  } catch (const std::invalid_argument&) {
    // A header listed in SignedHeaders that the request does not have: the signature cannot be what AWS computes.
    return signature_does_not_match();
  }
  const std::string to_sign = aws::string_to_sign(claim.amz_date, claim.credential.scope, canonical);
  const std::string expected =
      aws::signature_hex(keys_.signing_key(principal.secret_access_key, claim.credential.scope), to_sign);
  if (!aws::constant_time_equal(expected, claim.signature)) return signature_does_not_match();
  return std::nullopt;
}

}  // namespace rds_exporter::sim
