#pragma once

#include "aws/sigv4/credentials.h"
#include "common/expected.h"

#include <string>
#include <string_view>
#include <utility>

namespace rds_exporter::aws {

// Why a source gave no credentials. `absent` means the source is not configured here (no such
// variable, file or profile key) and the chain moves on quietly; `failed` means it is configured but
// did not work, which the chain reports and does not paper over with a later source; `cancelled` means
// the process is stopping (ClientContext::stop) and the fetch was abandoned: not a failure of the source,
// logged at debug only, and the chain stops there too.
struct CredentialsProblem {
  enum class Kind { absent, failed, cancelled };
  Kind kind = Kind::failed;
  // Never quotes a secret, a token or a token file's content.
  std::string message;
};

using CredentialsResult = common::Expected<Credentials, CredentialsProblem>;

// `failed`, or `cancelled` when what failed was abandoned because the process is stopping.
inline CredentialsProblem::Kind failed_unless_cancelled(bool cancelled) {
  return cancelled ? CredentialsProblem::Kind::cancelled : CredentialsProblem::Kind::failed;
}

// A `failed` problem: the source is configured but did not work, for the reason `message` gives.
inline CredentialsProblem credentials_failed(std::string message) {
  return CredentialsProblem{CredentialsProblem::Kind::failed, std::move(message)};
}

// One source of AWS credentials (environment, profile, STS role, container, instance metadata...).
// Implementations are safe to call from many threads at once.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Credentials valid for at least a few minutes more, fetching or refreshing them as needed.
  virtual CredentialsResult credentials() = 0;

  // AWS rejected the current credentials as expired: the next credentials() must fetch new ones.
  virtual void invalidate() {}

  // Short, stable, for logs and the rds_exporter_aws_credential_refreshes_total label:
  // "environment", "web_identity", "profile", "assume_role", "sso", "process", "container", "imds".
  virtual std::string_view name() const = 0;
};

}  // namespace rds_exporter::aws
