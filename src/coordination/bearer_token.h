#pragma once

#include "common/expected.h"

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace rds_exporter::coordination {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// The bearer token of a Kubernetes client: given inline, or read from a file that kubelet rewrites as it rotates the
// service account's token (bound tokens live an hour and are replaced well before). As client-go's
// cachingTokenSource: the file is read again when the token in hand is older than a minute, and at once when the API
// server refused it (refresh); when a re-read fails the token in hand is kept. Messages name the file, never the
// token. Safe to call from several threads.
class BearerToken {
 public:
  static constexpr std::chrono::seconds kMaxAge{60};

  BearerToken(std::optional<std::string> token, std::optional<std::string> token_file, SteadyClock clock);

  // The token to send now.
  common::Expected<std::string, std::string> current();
  // Reads the file again, whatever the age of the token in hand. False when there is no file to read again or it
  // holds the same token, so that retrying with it would be pointless.
  bool refresh();

 private:
  common::Expected<std::string, std::string> read_file() const;

  const std::optional<std::string> inline_token_;
  const std::optional<std::string> token_file_;
  const SteadyClock clock_;
  std::mutex mutex_;
  std::optional<std::string> cached_;
  std::chrono::steady_clock::time_point read_at_{};
};

}  // namespace rds_exporter::coordination
