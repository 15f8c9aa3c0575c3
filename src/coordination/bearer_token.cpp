#include "coordination/bearer_token.h"

#include "aws/credentials/file_text.h"
#include "common/text.h"

#include <algorithm>
#include <utility>

namespace rds_exporter::coordination {
namespace {

using Problem = common::Unexpected<std::string>;

bool header_safe(const std::string& token) {
  return std::none_of(token.begin(), token.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

BearerToken::BearerToken(std::optional<std::string> token, std::optional<std::string> token_file, SteadyClock clock)
    : inline_token_(std::move(token)),
      token_file_(std::move(token_file)),
      clock_(clock ? std::move(clock) : SteadyClock(&std::chrono::steady_clock::now)) {}

common::Expected<std::string, std::string> BearerToken::read_file() const {
  auto text = aws::read_file_text(*token_file_);
  if (!text) return Problem{"the bearer token: " + text.error().message};
  // client-go trims the file's content (strings.TrimSpace): kubelet writes no newline, people do.
  std::string token(common::trim(*text));
  if (token.empty()) return Problem{"the bearer token file " + *token_file_ + " is empty"};
  if (!header_safe(token)) return Problem{"the bearer token file " + *token_file_ + " holds control characters"};
  return token;
}

common::Expected<std::string, std::string> BearerToken::current() {
  if (!token_file_) {
    if (!inline_token_) return Problem{std::string("no bearer token is configured")};
    if (!header_safe(*inline_token_)) return Problem{std::string("the inline bearer token holds control characters")};
    return *inline_token_;
  }
  const std::lock_guard lock(mutex_);
  const auto now = clock_();
  if (cached_ && now - read_at_ < kMaxAge) return *cached_;
  auto token = read_file();
  if (!token) {
    if (cached_) return *cached_;
    return token;
  }
  cached_ = *token;
  read_at_ = now;
  return std::move(*token);
}

bool BearerToken::refresh() {
  if (!token_file_) return false;
  auto token = read_file();
  const std::lock_guard lock(mutex_);
  if (!token || token.value() == cached_) return false;
  cached_ = std::move(*token);
  read_at_ = clock_();
  return true;
}

}  // namespace rds_exporter::coordination
