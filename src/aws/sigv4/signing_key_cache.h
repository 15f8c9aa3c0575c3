#pragma once

#include "aws/sigv4/credential_scope.h"

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// Derived signing keys, shared by every thread that signs or verifies. A key costs four HMACs and stays
// valid for a whole day, so deriving it once per (secret, date, region, service) saves that on every request.
class SigningKeyCache {
 public:
  // Thread-safe. Adding a key for a new date drops the keys of earlier dates: signing time only moves
  // forward, so they would never be asked for again and the cache stays as small as the set of scopes in use.
  std::string signing_key(std::string_view secret_access_key, const CredentialScope& scope) const;

  std::size_t size() const;

 private:
  // The secret is part of the key because rotated credentials must not get the previous secret's key.
  struct Entry {
    std::string date;
    std::string region;
    std::string service;
    std::string secret;

    auto operator<=>(const Entry&) const = default;
  };

  mutable std::mutex mutex_;
  mutable std::map<Entry, std::string> keys_;
};

}  // namespace rds_exporter::aws
