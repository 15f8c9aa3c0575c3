#include "aws/credentials/caching_provider.h"

#include "aws/credentials/access_key_mask.h"
#include "aws/protocol/timestamp.h"
#include "common/time_text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
namespace {

std::string describe_expiry(const Credentials& credentials) {
  return credentials.expiration ? "expiring " + common::format_iso8601(*credentials.expiration)
                                : std::string("not expiring");
}

}  // namespace

CachingProvider::CachingProvider(std::shared_ptr<CredentialsProvider> source, CachingOptions options)
    : source_(std::move(source)), options_(std::move(options)) {}

bool CachingProvider::still_valid(TimePoint now) const {
  return cached_ && (!cached_->expiration || *cached_->expiration > now);
}

CredentialsResult CachingProvider::credentials() {
  std::unique_lock lock(mutex_);
  const TimePoint now = options_.clock();
  if (cached_ && (!cached_->expiration || now < refresh_at_)) return *cached_;
  if (still_valid(now) && now < retry_not_before_) return *cached_;
  if (fetching_) {
    const std::uint64_t generation = fetch_generation_;
    fetch_finished_.wait(lock, [&] { return fetch_generation_ != generation; });
    return *last_outcome_;
  }
  fetching_ = true;
  lock.unlock();
  CredentialsResult fetched = fetch();
  const bool success = fetched.has_value();
  lock.lock();
  CredentialsResult outcome = settle(std::move(fetched), options_.clock());
  last_outcome_ = outcome;
  fetching_ = false;
  ++fetch_generation_;
  lock.unlock();
  fetch_finished_.notify_all();
  // An abandoned fetch says nothing about the source.
  const bool cancelled = !outcome && outcome.error().kind == CredentialsProblem::Kind::cancelled;
  if (options_.observer && !cancelled) options_.observer(source_->name(), success);
  return outcome;
}

CredentialsResult CachingProvider::fetch() {
  try {
    return source_->credentials();
  } catch (...) {
    // Whatever went wrong, the waiting callers must be released. The exception's text is left out: it could
    // quote a secret the source was handling.
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::failed,
                           fmt::format("the {} credentials provider failed unexpectedly", source_->name())}};
  }
}

CredentialsResult CachingProvider::settle(CredentialsResult fetched, TimePoint now) {
  const auto log = logging::logger("credentials");
  if (fetched) {
    cached_ = *fetched;
    if (cached_->expiration) {
      const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(*cached_->expiration - now);
      refresh_at_ = *cached_->expiration - std::min(options_.refresh_window, lifetime / 2);
    }
    log->debug("credentials from {}: access key {}, {}", source_->name(), mask_access_key_id(cached_->access_key_id),
               describe_expiry(*cached_));
    return fetched;
  }
  if (fetched.error().kind == CredentialsProblem::Kind::cancelled) {
    log->debug("fetching credentials from {} was cancelled: {}", source_->name(), fetched.error().message);
    return fetched;
  }
  if (still_valid(now)) {
    retry_not_before_ = now + options_.retry_after_failure;
    log->warn("refreshing credentials from {} failed, still using the current ones ({}): {}", source_->name(),
              describe_expiry(*cached_), fetched.error().message);
    return *cached_;
  }
  cached_.reset();
  log->debug("credentials from {} unavailable: {}", source_->name(), fetched.error().message);
  return fetched;
}

void CachingProvider::invalidate() {
  {
    const std::lock_guard lock(mutex_);
    cached_.reset();
    retry_not_before_ = {};
  }
  source_->invalidate();
}

}  // namespace rds_exporter::aws
