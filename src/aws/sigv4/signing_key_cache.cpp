#include "aws/sigv4/signing_key_cache.h"

#include "aws/sigv4/signature.h"

namespace rds_exporter::aws {

std::string SigningKeyCache::signing_key(std::string_view secret_access_key, const CredentialScope& scope) const {
  Entry entry{scope.date, scope.region, scope.service, std::string(secret_access_key)};
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = keys_.find(entry); found != keys_.end()) return found->second;
  }
  // Derived outside the lock so that threads signing for other scopes are not held up by it.
  std::string key = derive_signing_key(secret_access_key, scope);
  const std::lock_guard lock(mutex_);
  std::erase_if(keys_, [&](const auto& item) { return item.first.date < entry.date; });
  keys_.emplace(std::move(entry), key);
  return key;
}

std::size_t SigningKeyCache::size() const {
  const std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace rds_exporter::aws
