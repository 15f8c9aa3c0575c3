#pragma once

#include "aws/credentials/credentials_provider.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace rds_exporter::aws::testing {

// Gives whatever result it was last told to, counting calls and invalidations; can take its time.
class ScriptedProvider final : public CredentialsProvider {
 public:
  explicit ScriptedProvider(std::string name, CredentialsResult result);

  CredentialsResult credentials() override;
  void invalidate() override { ++invalidations_; }
  std::string_view name() const override { return name_; }

  void set_result(CredentialsResult result);
  void set_delay(std::chrono::milliseconds delay);
  int calls() const { return calls_; }
  int invalidations() const { return invalidations_; }

 private:
  std::string name_;
  mutable std::mutex mutex_;
  CredentialsResult result_;
  std::chrono::milliseconds delay_{0};
  std::atomic<int> calls_{0};
  std::atomic<int> invalidations_{0};
};

Credentials make_credentials(std::string access_key_id,
                             std::optional<std::chrono::system_clock::time_point> expiration = std::nullopt);
CredentialsResult absent(std::string message);
CredentialsResult failed(std::string message);

}  // namespace rds_exporter::aws::testing
