#include "coordination/shard_coordinator.h"

#include "logging/log_setup.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <condition_variable>
#include <cstdint>
#include <limits>

namespace rds_exporter::coordination {
namespace {

constexpr std::size_t kMaxLeaseName = 253;

// FNV-1a over the text, then splitmix64's finaliser so that names differing in one character spread over the range.
std::uint64_t rendezvous_score(const std::string& replica, const std::string& scope) {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto mix_in = [&hash](std::string_view text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  mix_in(replica);
  mix_in(std::string_view("\n", 1));
  mix_in(scope);
  hash += 0x9e3779b97f4a7c15ULL;
  hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ULL;
  hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebULL;
  return hash ^ (hash >> 31);
}

// What a Kubernetes name allows: lower-case letters, digits, '-' and '.', beginning and ending with a letter or digit,
// at most 253 characters (a longer name keeps its start and ends with a hash of the whole).
std::string kubernetes_name(std::string_view text) {
  std::string name;
  name.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '.') {
      name.push_back(c);
    } else if (u >= 'A' && u <= 'Z') {
      name.push_back(static_cast<char>(u - 'A' + 'a'));
    } else {
      name.push_back('-');
    }
  }
  const auto edge = [](char c) { return c == '-' || c == '.'; };
  while (!name.empty() && edge(name.back())) name.pop_back();
  while (!name.empty() && edge(name.front())) name.erase(name.begin());
  if (name.size() > kMaxLeaseName) {
    name = fmt::format("{}-{:016x}", name.substr(0, kMaxLeaseName - 17), rendezvous_score(std::string(text), ""));
  }
  return name;
}

telemetry::LabelValues scope_labels(const std::string& scope) {
  const auto slash = scope.find('/');
  if (slash == std::string::npos) return {"", scope};
  return {scope.substr(0, slash), scope.substr(slash + 1)};
}

std::int64_t ticks(std::chrono::steady_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

double unix_seconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

}  // namespace

ShardCoordinator::ShardCoordinator(CoordinatorOptions options, LeaseApi& api, ScopeOwner& owner, LeaseApi* release_api)
    : options_(std::move(options)),
      api_(api),
      owner_(owner),
      release_api_(release_api != nullptr ? *release_api : api),
      scopes_held_("rds_exporter_coordination_scopes_held",
                   "Scopes whose Lease this replica holds, and so collects and serves.", {}),
      scope_held_("rds_exporter_coordination_scope_held",
                  "1 for each scope this replica holds, 0 for each other scope it knows: a scope is served by the "
                  "replica where it is 1.",
                  {"aws_account_id", "region"}),
      replicas_("rds_exporter_coordination_replicas",
                "Live replicas this replica sees through their Leases, itself included.", {}),
      transitions_("rds_exporter_coordination_lease_transitions_total",
                   "Scope Leases this replica acquired, released (handed to their preferred replica, or at shutdown) or "
                   "lost (not renewed within coordination.renew_deadline, or taken by another replica).",
                   {"event"}),
      last_renew_("rds_exporter_coordination_last_renew_timestamp_seconds",
                  "When this replica last renewed its own Lease (its announcement to the others).", {}),
      api_errors_("rds_exporter_coordination_api_errors_total",
                  "Kubernetes API calls for Leases that failed (a 409 Conflict, another replica writing first, is not "
                  "an error).",
                  {}) {
  for (const char* event : {"acquired", "released", "lost"}) transitions_.increment({event}, 0);
  api_errors_.increment({}, 0);
  scopes_held_.set({}, 0);
  replicas_.set({}, 0);
}

ShardCoordinator::~ShardCoordinator() {
  stop_rounds();
  // Fences handed out answer false from now on.
  const std::lock_guard lock(mutex_);
  for (auto& [scope, deadline] : fences_) deadline->store(std::numeric_limits<std::int64_t>::min());
}

void ShardCoordinator::set_scopes(const std::vector<std::string>& scopes) {
  scopes_known_ = true;
  const std::lock_guard lock(mutex_);
  scopes_ = scopes;
  std::sort(scopes_.begin(), scopes_.end());
  scopes_.erase(std::unique(scopes_.begin(), scopes_.end()), scopes_.end());
}

void ShardCoordinator::start() {
  thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void ShardCoordinator::stop() {
  stop_rounds();
  release_all(std::chrono::seconds(3));
}

void ShardCoordinator::stop_rounds() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void ShardCoordinator::loop(std::stop_token stop) {
  const auto log = logging::logger("coordination");
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    try {
      round();
    } catch (const std::exception& error) {
      log->error("unexpected error in a lease round; trying again in {} s: {}", options_.retry_period.count(),
                 error.what());
    }
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, options_.retry_period, [] { return false; });
  }
}

std::string ShardCoordinator::scope_lease_name(const std::string& scope) const {
  return kubernetes_name(options_.lease_prefix + "-scope-" + scope);
}

std::string ShardCoordinator::replica_lease_name(const std::string& identity) const {
  return kubernetes_name(options_.lease_prefix + "-replica-" + identity);
}

std::string ShardCoordinator::preferred_holder(const std::set<std::string>& replicas, const std::string& scope) {
  std::string best;
  std::uint64_t best_score = 0;
  for (const std::string& replica : replicas) {
    const std::uint64_t score = rendezvous_score(replica, scope);
    if (best.empty() || score > best_score) {
      best = replica;
      best_score = score;
    }
  }
  return best;
}

void ShardCoordinator::count_error(const std::string& what, const LeaseError& error) {
  if (error.kind == LeaseErrorKind::cancelled) return;
  api_errors_.increment({});
  logging::logger("coordination")->warn("{}: {}", what, error.message);
}

LeaseRecord ShardCoordinator::ours(LeaseRecord record, bool acquiring) const {
  const auto now = options_.wall_now();
  if (acquiring) {
    if (!record.resource_version.empty() && record.holder_identity != options_.identity) ++record.lease_transitions;
    record.acquire_time = now;
  }
  record.holder_identity = options_.identity;
  record.lease_duration_seconds = static_cast<int>(options_.lease_duration.count());
  record.renew_time = now;
  return record;
}

LeaseResult<LeaseRecord> ShardCoordinator::write(const LeaseRecord& record) {
  return record.resource_version.empty() ? api_.create(record) : api_.replace(record);
}

void ShardCoordinator::renew_replica_lease() {
  const std::string name = replica_lease_name(options_.identity);
  if (!replica_lease_) {
    auto found = api_.get(name);
    if (found) {
      replica_lease_ = std::move(found).value();
    } else if (found.error().kind == LeaseErrorKind::not_found) {
      replica_lease_ = LeaseRecord{.name = name};
    } else {
      count_error("cannot read this replica's lease " + name, found.error());
      return;
    }
  }
  auto written = write(ours(*replica_lease_, replica_lease_->holder_identity != options_.identity));
  if (!written) {
    if (written.error().kind == LeaseErrorKind::conflict || written.error().kind == LeaseErrorKind::not_found) {
      replica_lease_.reset();  // someone wrote or deleted it: read it again next round
    } else {
      count_error("cannot renew this replica's lease " + name, written.error());
    }
    return;
  }
  replica_lease_ = std::move(written).value();
  last_renew_.set({}, unix_seconds(options_.wall_now()));
}

void ShardCoordinator::observe(const std::vector<LeaseRecord>& leases, std::chrono::steady_clock::time_point now) {
  std::map<std::string, Observed> observed;
  for (const LeaseRecord& lease : leases) {
    const auto before = observed_.find(lease.name);
    const bool unchanged = before != observed_.end() && before->second.record.resource_version == lease.resource_version;
    observed.emplace(lease.name, Observed{lease, unchanged ? before->second.since : now});
  }
  observed_ = std::move(observed);
}

std::chrono::seconds ShardCoordinator::duration_of(const LeaseRecord& record) const {
  return record.lease_duration_seconds ? std::chrono::seconds(*record.lease_duration_seconds) : options_.lease_duration;
}

bool ShardCoordinator::expired(const Observed& observed, std::chrono::steady_clock::time_point now) const {
  return now >= observed.since + duration_of(observed.record);
}

std::set<std::string> ShardCoordinator::live_replicas(std::chrono::steady_clock::time_point now) const {
  std::set<std::string> live{options_.identity};
  const std::string prefix = kubernetes_name(options_.lease_prefix + "-replica-");
  const auto wall = options_.wall_now();
  for (const auto& [name, observed] : observed_) {
    if (!name.starts_with(prefix) || observed.record.holder_identity.empty() || expired(observed, now)) continue;
    // A replica killed without a word leaves its lease held. Seen for the first time, that lease would count as live
    // for a whole lease_duration on the observer's clock, and a replica just started would leave a free scope to the
    // dead one. Its renewTime says it is old: for liveness (which only picks the preferred holder, never who may hold
    // a lease) the writer's clock is good enough.
    if (observed.record.renew_time && *observed.record.renew_time + duration_of(observed.record) < wall) continue;
    live.insert(observed.record.holder_identity);
  }
  return live;
}

std::shared_ptr<ShardCoordinator::FenceDeadline> ShardCoordinator::fence_deadline(const std::string& scope) const {
  const std::lock_guard lock(mutex_);
  auto& deadline = fences_[scope];
  if (!deadline) deadline = std::make_shared<FenceDeadline>(std::numeric_limits<std::int64_t>::min());
  return deadline;
}

void ShardCoordinator::set_fence(const std::string& scope, std::chrono::steady_clock::time_point until) {
  fence_deadline(scope)->store(ticks(until));
}

std::function<bool()> ShardCoordinator::fence(const std::string& scope) const {
  return [deadline = fence_deadline(scope), now = options_.steady_now] { return ticks(now()) < deadline->load(); };
}

bool ShardCoordinator::write_ours(const std::string& scope, LeaseRecord record, bool acquiring) {
  record = ours(std::move(record), acquiring);
  const auto sent = options_.steady_now();
  auto written = write(record);
  if (!written) {
    // A conflict: another replica wrote first; the next round reads what it wrote.
    if (written.error().kind != LeaseErrorKind::conflict) {
      count_error(fmt::format("scope {}: cannot {} lease {}", scope, acquiring ? "take" : "renew", record.name),
                  written.error());
    }
    // A take cancelled or failed in flight may still have reached the API server: the lease may be ours without this
    // replica knowing. The next round sees it (and takes or releases it); release_all reads it first (no
    // resourceVersion: never overwritten blind).
    if (acquiring && written.error().kind != LeaseErrorKind::conflict && written.error().kind != LeaseErrorKind::denied) {
      unreleased_.insert_or_assign(scope, LeaseRecord{.name = record.name});
    }
    return false;
  }
  observed_[written->name] = Observed{*written, sent};
  held_[scope] = Held{std::move(written).value(), sent};
  unreleased_.erase(scope);
  set_fence(scope, sent + options_.renew_deadline);
  if (acquiring) {
    transitions_.increment({"acquired"});
    logging::logger("coordination")->info("scope {}: lease {} acquired", scope, record.name);
  }
  return true;
}

void ShardCoordinator::drop(const std::string& scope, const char* event) {
  held_.erase(scope);
  set_fence(scope, std::chrono::steady_clock::time_point::min());
  transitions_.increment({event});
}

LeaseRecord ShardCoordinator::released(LeaseRecord record) const {
  // As client-go releases: no holder, a one-second duration, so that the next holder need not wait.
  record.holder_identity.clear();
  record.lease_duration_seconds = 1;
  record.renew_time = options_.wall_now();
  return record;
}

bool ShardCoordinator::release(const std::string& scope, LeaseRecord record, LeaseApi& api) {
  const std::string name = record.name;
  // Without a resourceVersion (a take whose answer was lost) the lease is read first: a blind write could clear
  // another replica's hold.
  auto written = record.resource_version.empty()
                     ? LeaseResult<LeaseRecord>{common::Unexpected{LeaseError{LeaseErrorKind::conflict, "unread"}}}
                     : api.replace(released(std::move(record)));
  // A renewal cancelled in flight (stopping cancels the rounds' calls) may still have reached the API server, even
  // after this release was sent: the lease moved on without this replica seeing its new resourceVersion. While it is
  // still ours, it is released from what the server holds now.
  for (int attempt = 0; attempt < 3 && !written && written.error().kind == LeaseErrorKind::conflict; ++attempt) {
    auto current = api.get(name);
    if (!current) {
      if (current.error().kind == LeaseErrorKind::not_found) return false;
      written = common::Unexpected{current.error()};
      break;
    }
    if (current->holder_identity != options_.identity) return false;
    written = api.replace(released(*std::move(current)));
  }
  if (!written) {
    if (written.error().kind != LeaseErrorKind::conflict) {
      count_error(fmt::format("scope {}: cannot release lease {} (it expires by itself)", scope, name),
                  written.error());
    }
    return false;
  }
  observed_[written->name] = Observed{*written, options_.steady_now()};
  logging::logger("coordination")->info("scope {}: lease {} released", scope, name);
  return true;
}

void ShardCoordinator::round() {
  const auto log = logging::logger("coordination");
  const auto now = options_.steady_now();
  renew_replica_lease();
  auto listed = api_.list();
  std::vector<std::string> scopes;
  {
    const std::lock_guard lock(mutex_);
    scopes = scopes_;
  }
  const std::set<std::string> wanted(scopes.begin(), scopes.end());
  std::vector<std::pair<std::string, LeaseRecord>> to_release;

  if (listed) {
    observe(*listed, now);
    std::erase_if(unreleased_, [&](const auto& entry) {
      const auto found = observed_.find(entry.second.name);
      return found != observed_.end() && found->second.record.holder_identity != options_.identity;
    });
    const std::set<std::string> live = live_replicas(now);
    replicas_.set({}, static_cast<double>(live.size()));
    for (const std::string& scope : scopes) {
      const std::string name = scope_lease_name(scope);
      const auto found = observed_.find(name);
      const Observed* observed = found == observed_.end() ? nullptr : &found->second;
      const std::string preferred = preferred_holder(live, scope);
      const auto mine = held_.find(scope);
      if (mine == held_.end() && observed != nullptr && observed->record.holder_identity == options_.identity) {
        // Ours on the API server, not held here: a take whose answer was lost, a release that did not go through, a
        // renewal deadline missed, or an earlier run of this identity. Left alone it would hold the scope from
        // every replica until it expires: taken back when this replica is preferred, released otherwise.
        if (preferred == options_.identity) {
          write_ours(scope, observed->record, true);
        } else {
          to_release.emplace_back(scope, observed->record);
        }
        continue;
      }
      if (mine != held_.end()) {
        if (observed != nullptr && observed->record.holder_identity != options_.identity) {
          log->warn("scope {}: lease {} is now held by {}; stopping it here", scope, name,
                    observed->record.holder_identity.empty() ? "nobody" : observed->record.holder_identity);
          drop(scope, "lost");
          continue;
        }
        const LeaseRecord current = observed != nullptr ? observed->record : mine->second.record;
        if (preferred != options_.identity) {
          log->info("scope {}: handing it over to its preferred replica {}", scope, preferred);
          drop(scope, "released");
          to_release.emplace_back(scope, current);
          continue;
        }
        write_ours(scope, current, false);
        continue;
      }
      bool free = false;
      bool lapsed = false;
      std::chrono::steady_clock::duration free_for{};
      if (observed == nullptr) {
        const auto since = absent_since_.try_emplace(scope, now).first->second;
        free = true;
        free_for = now - since;
      } else {
        absent_since_.erase(scope);
        free = observed->record.holder_identity.empty();
        free_for = now - observed->since;
        lapsed = !free && expired(*observed, now);
      }
      const bool take = preferred == options_.identity ? free || lapsed
                                                       : lapsed || (free && free_for >= options_.lease_duration);
      if (take) {
        if (lapsed) {
          log->info("scope {}: lease {} of {} expired; taking it", scope, name, observed->record.holder_identity);
        }
        write_ours(scope, observed != nullptr ? observed->record : LeaseRecord{.name = name}, true);
      }
    }
  } else {
    count_error("cannot list the leases", listed.error());
  }

  // Scopes no longer listed, and scopes not renewed within the deadline.
  std::vector<std::string> held_scopes;
  for (const auto& [scope, held] : held_) held_scopes.push_back(scope);
  for (const std::string& scope : held_scopes) {
    const Held& held = held_.at(scope);
    if (!wanted.contains(scope)) {
      to_release.emplace_back(scope, held.record);
      drop(scope, "released");
    } else if (now - held.renewed_at >= options_.renew_deadline) {
      log->warn("scope {}: lease not renewed for {} s (coordination.renew_deadline); stopping it", scope,
                std::chrono::duration_cast<std::chrono::seconds>(now - held.renewed_at).count());
      drop(scope, "lost");
    }
  }

  std::set<std::string> now_held;
  for (const auto& [scope, held] : held_) now_held.insert(scope);
  {
    const std::lock_guard lock(mutex_);
    held_view_ = now_held;
  }
  scopes_held_.set({}, static_cast<double>(now_held.size()));
  for (const std::string& scope : scopes) scope_held_.set(scope_labels(scope), now_held.contains(scope) ? 1 : 0);
  for (const auto& [scope, record] : to_release) {
    if (!wanted.contains(scope)) scope_held_.remove(scope_labels(scope));
  }
  if (!told_once_ || now_held != told_owner_) {
    owner_.hold(now_held);
    told_owner_ = now_held;
    told_once_ = true;
  }
  if (listed && scopes_known_.load()) settled_ = true;
  // Only now that the owner has stopped them.
  for (auto& [scope, record] : to_release) {
    const LeaseRecord kept = record;
    if (release(scope, std::move(record), api_)) {
      unreleased_.erase(scope);
    } else {
      unreleased_.insert_or_assign(scope, kept);
    }
  }
}

void ShardCoordinator::release_all(std::chrono::steady_clock::duration budget) {
  const auto until = options_.steady_now() + budget;
  std::vector<std::pair<std::string, LeaseRecord>> held;
  for (const auto& [scope, lease] : held_) {
    const auto found = observed_.find(lease.record.name);
    held.emplace_back(scope, found != observed_.end() ? found->second.record : lease.record);
  }
  for (auto& [scope, record] : held) {
    drop(scope, "released");
    if (options_.steady_now() < until) release(scope, std::move(record), release_api_);
  }
  for (auto& [scope, record] : std::exchange(unreleased_, {})) {
    if (options_.steady_now() < until) release(scope, std::move(record), release_api_);
  }
  {
    const std::lock_guard lock(mutex_);
    held_view_.clear();
  }
  scopes_held_.set({}, 0);
  // The replica's own lease: the others stop counting it at once.
  if (replica_lease_ && !replica_lease_->resource_version.empty() && options_.steady_now() < until) {
    if (release_api_.replace(released(*replica_lease_))) replica_lease_.reset();
  }
}

std::set<std::string> ShardCoordinator::held() const {
  const std::lock_guard lock(mutex_);
  return held_view_;
}

std::vector<exposition::MetricFamily> ShardCoordinator::self_metrics() const {
  return {scopes_held_.collect(), scope_held_.collect(), replicas_.collect(), transitions_.collect(),
          last_renew_.collect(), api_errors_.collect()};
}

}  // namespace rds_exporter::coordination
