#include "sim/credentials/imds_tokens.h"

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kTokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Real tokens are 56 characters of base64.
constexpr std::size_t kTokenLength = 56;

}  // namespace

ImdsTokens::ImdsTokens(Clock clock) : clock_(std::move(clock)), random_(std::random_device{}()) {}

std::string ImdsTokens::issue(std::chrono::seconds ttl) {
  const auto now = clock_();
  const std::lock_guard lock(mutex_);
  std::erase_if(expiry_, [&](const auto& entry) { return entry.second <= now; });
  std::string token;
  // 64 characters: the modulo has no bias.
  for (std::size_t i = 0; i < kTokenLength; ++i) token += kTokenAlphabet[random_() % kTokenAlphabet.size()];
  expiry_[token] = now + ttl;
  return token;
}

bool ImdsTokens::valid(std::string_view token) const {
  const auto now = clock_();
  const std::lock_guard lock(mutex_);
  const auto it = expiry_.find(std::string(token));
  return it != expiry_.end() && now < it->second;
}

}  // namespace rds_exporter::sim
