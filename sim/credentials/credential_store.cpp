#include "sim/credentials/credential_store.h"

#include "sim/credentials/identity_ids.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

constexpr std::string_view kKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

CredentialStore::CredentialStore(Clock clock, std::optional<seconds> lifetime_limit)
    : clock_(std::move(clock)), lifetime_limit_(lifetime_limit), random_(std::random_device{}()) {}

std::string CredentialStore::random_text(std::string_view alphabet, std::size_t length) {
  std::string out;
  out.reserve(length);
  // 64 divides evenly by 32 and 64, the alphabet sizes here, so the modulo has no bias.
  for (std::size_t i = 0; i < length; ++i) out += alphabet[random_() % alphabet.size()];
  return out;
}

TemporaryCredentials CredentialStore::issue(const Role& role, std::string_view account_id,
                                            std::string_view session_name, seconds duration) {
  const seconds lifetime = lifetime_limit_ ? std::min(duration, *lifetime_limit_) : duration;
  auto principal = std::make_unique<Principal>();
  principal->name = role.name + "/" + std::string(session_name);
  principal->arn = assumed_role_arn(account_id, role.name, session_name);
  principal->expiration = floor<seconds>(clock_()) + lifetime;
  principal->allowed_actions = role.allowed_actions;
  principal->account_id = std::string(account_id);

  const std::lock_guard lock(mutex_);
  do {
    principal->access_key_id = "ASIA" + random_text(kKeyAlphabet, 16);
  } while (sessions_.contains(principal->access_key_id));
  principal->secret_access_key = random_text(kSecretAlphabet, 40);
  // Real session tokens are long opaque blobs; clients must carry them whole, whatever their length.
  principal->session_token = "IQoJb3JpZ2luX2VjE" + random_text(kSecretAlphabet, 300);
  TemporaryCredentials issued{principal->access_key_id, principal->secret_access_key, principal->session_token,
                              *principal->expiration, principal->arn};
  sessions_.emplace(principal->access_key_id, principal.get());
  versions_.push_back(std::move(principal));
  return issued;
}

const Principal* CredentialStore::find(std::string_view access_key_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(std::string(access_key_id));
  return it == sessions_.end() ? nullptr : it->second;
}

std::size_t CredentialStore::expire_all() {
  const auto now = floor<seconds>(clock_());
  std::size_t ended = 0;
  const std::lock_guard lock(mutex_);
  for (auto& [key, session] : sessions_) {
    if (session->expiration && *session->expiration <= now) continue;
    auto expired = std::make_unique<Principal>(*session);
    expired->expiration = now;
    session = expired.get();
    versions_.push_back(std::move(expired));
    ++ended;
  }
  return ended;
}

}  // namespace rds_exporter::sim
