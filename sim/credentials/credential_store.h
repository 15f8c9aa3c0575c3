#pragma once

#include "sim/common/clock.h"
#include "sim/fleet/credential_sources.h"
#include "sim/fleet/fleet.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rds_exporter::sim {

// Temporary credentials as STS, SSO, IMDS and the container endpoint hand them out.
struct TemporaryCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::chrono::sys_seconds expiration{};
  // arn:aws:sts::<account>:assumed-role/<role>/<session>
  std::string assumed_role_arn;
};

// Every temporary credential the simulator issued, so that requests signed with them authenticate (as the
// role's session, with the role's allowed actions) until they expire, and then get ExpiredToken. The Fleet
// stays immutable; this sits beside it. Nothing is ever removed: AWS keeps recognising an expired session
// token, and the principals handed out stay valid for the store's lifetime (a simulator's run issues few).
// Thread-safe.
class CredentialStore {
 public:
  // `lifetime_limit` caps every credential's lifetime below what was asked for, so that tests can watch
  // clients refresh without waiting the 15 minutes AWS's shortest session lasts.
  CredentialStore(Clock clock, std::optional<std::chrono::seconds> lifetime_limit);

  // New credentials for a session of `role` named `session_name`, valid for `duration` (or the limit).
  TemporaryCredentials issue(const Role& role, std::string_view account_id, std::string_view session_name,
                             std::chrono::seconds duration);

  // The session with this access key id, or nullptr. It lives as long as the store.
  const Principal* find(std::string_view access_key_id) const;

  // Ends every session issued so far at once; returns how many were still valid.
  std::size_t expire_all();

  std::chrono::system_clock::time_point now() const { return clock_(); }

 private:
  std::string random_text(std::string_view alphabet, std::size_t length);

  Clock clock_;
  std::optional<std::chrono::seconds> lifetime_limit_;
  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  // Every version of every session: expire_all() adds expired copies rather than change what requests in
  // flight may be reading.
  std::vector<std::unique_ptr<const Principal>> versions_;
  std::unordered_map<std::string, const Principal*> sessions_;
};

}  // namespace rds_exporter::sim
