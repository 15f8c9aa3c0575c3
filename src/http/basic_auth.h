#pragma once

// Basic authentication against web config's basic_auth_users (bcrypt hashes), as exporter-toolkit checks it.

#include <array>
#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::http {

class BasicAuthenticator {
 public:
  // Computes crypt(password, setting): the full hash string, or nullopt when the setting is unusable. libcrypt's
  // crypt_rn by default; tests may wrap it to watch the calls.
  using Hasher = std::function<std::optional<std::string>(const std::string& password, const std::string& setting)>;

  explicit BasicAuthenticator(std::map<std::string, std::string> users);
  BasicAuthenticator(std::map<std::string, std::string> users, Hasher hasher);

  bool enabled() const;
  // Takes the whole Authorization header value ("Basic base64(user:pass)"); true when the user exists and the
  // password matches its bcrypt hash (crypt_r, $2y$/$2b$/$2a$). Malformed input is simply false. Successful AND
  // failed results are cached by a SHA-256 of (user, password, hash) in a bounded cache (as exporter-toolkit caches),
  // so a scrape every 15 s does not pay bcrypt's ~100 ms each time. Compare in constant time where it matters.
  // Unknown users still spend one bcrypt on a fixed dummy hash, so timing does not reveal which users exist.
  // Thread-safe (it will be called from a worker thread, not the I/O thread).
  bool verify(std::string_view authorization_header);

  // How many bcrypt computations verify() has run: a cache hit runs none.
  std::size_t hash_computations() const;

  // exporter-toolkit keeps 100 results.
  static constexpr std::size_t kCacheCapacity = 100;

 private:
  using CacheKey = std::array<unsigned char, 32>;

  bool check(const std::string& user, const std::string& password);

  const std::map<std::string, std::string> users_;
  const Hasher hasher_;
  // A hash of the users' cost that matches nothing, for unknown users.
  const std::string dummy_hash_;

  std::mutex cache_mutex_;
  std::map<CacheKey, bool> cache_;
  std::deque<CacheKey> cache_order_;  // oldest first: evicted first when full

  // One bcrypt at a time, as exporter-toolkit does: a burst of wrong passwords costs one core, not all of them.
  std::mutex hash_mutex_;
  std::atomic<std::size_t> hash_computations_{0};
};

}  // namespace rds_exporter::http
