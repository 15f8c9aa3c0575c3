#pragma once

#include "aws/sigv4/signing_key_cache.h"
#include "common/http_message.h"
#include "sim/auth/signature_claim.h"
#include "sim/common/clock.h"
#include "sim/credentials/credential_store.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"

#include <chrono>
#include <variant>

namespace rds_exporter::sim {

// How far a request's signing time may be from the simulator's clock, as AWS allows.
inline constexpr std::chrono::minutes kAllowedClockSkew{15};

// Verifies SigV4 signatures against the fleet's principals and the temporary credentials issued into a
// CredentialStore, the way AWS does and in the order it checks:
// the access key (InvalidClientTokenId), the session token (InvalidClientTokenId when it is not the key's,
// ExpiredToken when its session ended), the credential scope's region and date, the signing time (more than
// 15 minutes off is SignatureDoesNotMatch "Signature expired" / "Signature not yet current"), and the
// signature itself. Thread-safe.
class RequestAuthenticator {
 public:
  // `issued` (may be null: fleet principals only) must outlive the authenticator.
  explicit RequestAuthenticator(Clock clock, const CredentialStore* issued = nullptr)
      : clock_(std::move(clock)), issued_(issued) {}

  // The principal that signed `request`; it lives as long as `fleet` or, for issued credentials, the store.
  std::variant<const Principal*, ApiError> authenticate(const common::HttpRequest& request, const SignatureClaim& claim,
                                                        const Fleet& fleet) const;

 private:
  std::optional<ApiError> check_time(const SignatureClaim& claim, std::chrono::system_clock::time_point now) const;
  std::optional<ApiError> check_signature(const common::HttpRequest& request, const SignatureClaim& claim,
                                          const Principal& principal) const;

  Clock clock_;
  const CredentialStore* issued_;
  aws::SigningKeyCache keys_;
};

}  // namespace rds_exporter::sim
