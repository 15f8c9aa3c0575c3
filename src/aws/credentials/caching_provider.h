#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/wall_clock.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

namespace rds_exporter::aws {

// Told the outcome of every fetch from the wrapped source, e.g. to count
// rds_exporter_aws_credential_refreshes_total{provider, result}.
using RefreshObserver = std::function<void(std::string_view provider, bool success)>;

struct CachingOptions {
  // Credentials are refreshed this long before they expire (the JavaScript SDK's five minutes), or at half
  // their lifetime when they live less than twice that, so that short-lived ones are not fetched on every call.
  std::chrono::seconds refresh_window{300};
  // After a failed refresh while the old credentials still work, the source is not asked again before this.
  std::chrono::seconds retry_after_failure{10};
  WallClock clock = system_wall_clock();
  RefreshObserver observer;
};

// Serves a source's credentials from memory until they are due for refresh. Concurrent callers share one
// fetch: one thread asks the source, the others wait for its outcome. A failed refresh keeps serving the old
// credentials (with a warning) as long as they have not expired.
class CachingProvider final : public CredentialsProvider {
 public:
  explicit CachingProvider(std::shared_ptr<CredentialsProvider> source, CachingOptions options = {});

  CredentialsResult credentials() override;
  // Drops the cached credentials, so that the next call fetches, and passes the word on to the source.
  void invalidate() override;
  std::string_view name() const override { return source_->name(); }

 private:
  using TimePoint = std::chrono::system_clock::time_point;

  CredentialsResult fetch();
  // Called with mutex_ held; decides what the fetch's callers get.
  CredentialsResult settle(CredentialsResult fetched, TimePoint now);
  bool still_valid(TimePoint now) const;

  std::shared_ptr<CredentialsProvider> source_;
  CachingOptions options_;

  std::mutex mutex_;
  std::condition_variable fetch_finished_;
  bool fetching_ = false;
  std::uint64_t fetch_generation_ = 0;
  std::optional<CredentialsResult> last_outcome_;
  std::optional<Credentials> cached_;
  TimePoint refresh_at_{};
  TimePoint retry_not_before_{};
};

}  // namespace rds_exporter::aws
