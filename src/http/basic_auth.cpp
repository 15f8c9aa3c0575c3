#include "http/basic_auth.h"

#include "common/base64.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

namespace rds_exporter::http {
namespace {

std::optional<std::string> libcrypt_hash(const std::string& password, const std::string& setting) {
  // crypt_data is ~32 KiB: on the heap, zeroed as crypt_rn wants it the first time.
  const auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(password.c_str(), setting.c_str(), data.get(), sizeof *data);
  std::optional<std::string> result;
  if (hash != nullptr && hash[0] != '*') result.emplace(hash);
  OPENSSL_cleanse(data.get(), sizeof *data);  // it held the password
  return result;
}

// The highest cost among the users' hashes ("$2y$10$..." has cost 10), so that an unknown user's dummy check
// takes as long as a real one.
unsigned long highest_cost(const std::map<std::string, std::string>& users) {
  unsigned long cost = 0;
  for (const auto& [user, hash] : users) {
    if (hash.size() > 6 && hash[6] == '$') {
      const auto digits = hash.substr(4, 2);
      if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        cost = std::max(cost, std::stoul(digits));
      }
    }
  }
  return cost == 0 ? 10 : cost;
}

// A bcrypt setting (prefix, cost and a random salt, no hash part): crypt with it costs what checking a password
// costs, and its output, a full hash, can never equal the setting itself.
std::string dummy_setting(unsigned long cost) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  if (crypt_gensalt_rn("$2b$", cost, nullptr, 0, setting, sizeof setting) == nullptr) {
    return "$2b$10$abcdefghijklmnopqrstuu";  // libcrypt without entropy: a fixed salt is as good for a dummy
  }
  return setting;
}

void add_field(EVP_MD_CTX* context, const std::string& field) {
  const std::uint64_t size = field.size();
  EVP_DigestUpdate(context, &size, sizeof size);  // length-prefixed, so ("ab", "c") and ("a", "bc") differ
  EVP_DigestUpdate(context, field.data(), field.size());
}

}  // namespace

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users)
    : BasicAuthenticator(std::move(users), &libcrypt_hash) {}

BasicAuthenticator::BasicAuthenticator(std::map<std::string, std::string> users, Hasher hasher)
    : users_(std::move(users)),
      hasher_(hasher ? std::move(hasher) : Hasher(&libcrypt_hash)),
      dummy_hash_(users_.empty() ? std::string() : dummy_setting(highest_cost(users_))) {}

bool BasicAuthenticator::enabled() const { return !users_.empty(); }

std::size_t BasicAuthenticator::hash_computations() const { return hash_computations_.load(); }

bool BasicAuthenticator::verify(std::string_view authorization_header) {
  if (users_.empty()) return false;
  // "Basic " with the scheme in any case (RFC 7617 and Go's Request.BasicAuth), then base64(user:password).
  constexpr std::string_view kScheme = "basic ";
  if (authorization_header.size() <= kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization_header[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) return false;
  }
  try {
    auto decoded = common::decode_base64(authorization_header.substr(kScheme.size()));
    if (!decoded) return false;
    const auto colon = decoded->find(':');
    // A NUL would end the password early for crypt(): "secret\0anything" must not pass as "secret".
    if (colon == std::string::npos || decoded->find('\0', colon) != std::string::npos) {
      OPENSSL_cleanse(decoded->data(), decoded->size());
      return false;
    }
    std::string password = decoded->substr(colon + 1);
    const bool allowed = check(decoded->substr(0, colon), password);
    OPENSSL_cleanse(decoded->data(), decoded->size());
    OPENSSL_cleanse(password.data(), password.size());
    return allowed;
  } catch (...) {
    return false;  // allocation failure: refuse, never crash
  }
}

bool BasicAuthenticator::check(const std::string& user, const std::string& password) {
  const auto found = users_.find(user);
  const bool known = found != users_.end();
  const std::string& hash = known ? found->second : dummy_hash_;

  // The cache holds digests, not passwords. A digest that cannot be computed only costs the cache.
  CacheKey key{};
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  bool cacheable = context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1;
  if (cacheable) {
    add_field(context.get(), user);
    add_field(context.get(), password);
    add_field(context.get(), hash);
    cacheable = EVP_DigestFinal_ex(context.get(), key.data(), nullptr) == 1;
  }

  const auto cached = [&]() -> std::optional<bool> {
    if (!cacheable) return std::nullopt;
    const std::lock_guard lock(cache_mutex_);
    const auto entry = cache_.find(key);
    return entry != cache_.end() ? std::optional<bool>(entry->second) : std::nullopt;
  };
  if (const auto result = cached()) return *result && known;

  const std::lock_guard hashing(hash_mutex_);
  // Prometheus HA pairs scrape at the same moment: the second request finds what the first one computed while it
  // waited for its turn, rather than paying bcrypt again.
  if (const auto result = cached()) return *result && known;
  ++hash_computations_;
  const auto computed = hasher_(password, hash);
  // Constant time: how many leading characters match must not show in the timing.
  const bool matches =
      computed && computed->size() == hash.size() && CRYPTO_memcmp(computed->data(), hash.data(), hash.size()) == 0;
  const bool allowed = matches && known;
  if (!cacheable) return allowed;

  const std::lock_guard lock(cache_mutex_);
  if (cache_.emplace(key, allowed).second) {
    cache_order_.push_back(key);
    if (cache_order_.size() > kCacheCapacity) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
  }
  return allowed;
}

}  // namespace rds_exporter::http
