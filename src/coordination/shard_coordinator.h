#pragma once

#include "coordination/lease_api.h"
#include "telemetry/metric_families.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::coordination {

// Who runs the scopes this replica holds. The coordinator calls hold() on its own thread whenever the set changes;
// hold() returns only once every scope outside `held` has stopped calling AWS, because the coordinator releases a
// scope's lease right after (so that the next holder never overlaps with this one).
class ScopeOwner {
 public:
  virtual ~ScopeOwner() = default;
  virtual void hold(const std::set<std::string>& held) = 0;
};

struct CoordinatorOptions {
  // This replica's holderIdentity (the pod name).
  std::string identity;
  // Lease names: <prefix>-replica-<identity> and <prefix>-scope-<account>-<region>.
  std::string lease_prefix = "rds-exporter";
  std::chrono::seconds lease_duration{15};
  std::chrono::seconds renew_deadline{10};
  std::chrono::seconds retry_period{2};
  // For tests: the clocks. Steady time measures leases (as client-go does, from when a renewal was observed, so
  // the replicas' clocks need not agree); wall time only fills in acquireTime and renewTime.
  std::function<std::chrono::steady_clock::time_point()> steady_now = [] { return std::chrono::steady_clock::now(); };
  std::function<std::chrono::system_clock::time_point()> wall_now = [] { return std::chrono::system_clock::now(); };
};

// Shares the scopes (account x region) among the exporter's replicas through coordination.k8s.io/v1 Leases:
// - each replica announces itself with a lease of its own, <prefix>-replica-<identity>, renewed every retry_period;
//   a replica is live while that lease is (its holder set, renewed within its leaseDurationSeconds as observed here);
// - each scope has a lease, <prefix>-scope-<account>-<region>, which at most one replica holds; a replica collects
//   and serves only the scopes it holds;
// - a scope's preferred holder is the live replica with the highest rendezvous hash of (replica, scope), so adding or
//   removing a replica moves only that replica's share. The preferred replica takes a free or expired lease at once;
//   another takes it only once it expired (or has been free for a lease_duration); a holder that is not preferred
//   while the preferred one is live stops the scope, then releases its lease for the preferred one to take;
// - fencing: a holder that has not renewed a scope's lease for renew_deadline stops it; before that, fence() refuses
//   every AWS call of the scope once renew_deadline has passed since the last renewal was sent, even if the process
//   was frozen (SIGSTOP) and has not yet noticed. Others can take a lease only lease_duration after they observed its
//   last renewal, and lease_duration > renew_deadline.
// Updates carry the resourceVersion read: a 409 Conflict means another replica wrote first, and nothing is assumed.
class ShardCoordinator {
 public:
  // `release_api`, when given, makes the calls of release_all(): at shutdown `api`'s calls are cancelled (so that
  // stopping never waits for a hung API server), while the releases still go out, within their budget.
  ShardCoordinator(CoordinatorOptions options, LeaseApi& api, ScopeOwner& owner, LeaseApi* release_api = nullptr);
  ~ShardCoordinator();
  ShardCoordinator(const ShardCoordinator&) = delete;
  ShardCoordinator& operator=(const ShardCoordinator&) = delete;

  // The scopes to share ("<account>/<region>", as aws::ScopeSpec::describe() writes them), each time they are
  // listed. Scopes no longer listed are stopped and released at the next round.
  void set_scopes(const std::vector<std::string>& scopes);

  // Runs rounds every retry_period on a thread of its own until stop().
  void start();
  // Ends the rounds, then releases every lease this replica holds (the scopes must already be stopped: the caller
  // stops collection first), within a few seconds at most; a lease not released in time simply expires.
  void stop();
  // Ends the rounds only: the owner is no longer called once this returns.
  void stop_rounds();

  // One round: renew this replica's lease, list the leases, renew, take, hand over or give up each scope, and tell
  // the owner. Public for tests, which drive rounds with their own clocks.
  void round();
  // Releases every held lease, as stop() does after the last round.
  void release_all(std::chrono::steady_clock::duration budget);

  // Whether this replica may call AWS for the scope now: it holds the scope and sent the lease's last successful
  // renewal less than renew_deadline ago. Safe from any thread; the function stays valid after the coordinator is gone
  // (it then answers false).
  std::function<bool()> fence(const std::string& scope) const;

  std::set<std::string> held() const;
  // Whether a round has run with the scopes listed and the leases read: until then this replica cannot have taken
  // its share, and is not ready (a rolling update must not stop the next old replica before it can).
  bool settled() const { return settled_.load(); }
  std::vector<exposition::MetricFamily> self_metrics() const;

  // The lease names of a scope and of a replica: lower-case, characters a Kubernetes name allows, '/' → '-'.
  std::string scope_lease_name(const std::string& scope) const;
  std::string replica_lease_name(const std::string& identity) const;
  // The live replica with the highest rendezvous score for the scope; ties by identity.
  static std::string preferred_holder(const std::set<std::string>& replicas, const std::string& scope);

 private:
  struct Observed {
    LeaseRecord record;
    // When this resourceVersion was first seen here.
    std::chrono::steady_clock::time_point since;
  };
  struct Held {
    LeaseRecord record;
    // When the last successful renewal (or the acquisition) was sent.
    std::chrono::steady_clock::time_point renewed_at;
  };
  // Per scope, shared with the fences handed out: the steady time (ns since epoch) until which AWS calls may go.
  using FenceDeadline = std::atomic<std::int64_t>;

  void loop(std::stop_token stop);
  void renew_replica_lease();
  void observe(const std::vector<LeaseRecord>& leases, std::chrono::steady_clock::time_point now);
  std::set<std::string> live_replicas(std::chrono::steady_clock::time_point now) const;
  bool expired(const Observed& observed, std::chrono::steady_clock::time_point now) const;
  // Writes `record` as ours (create when it has no resourceVersion); true when the API server took it.
  bool write_ours(const std::string& scope, LeaseRecord record, bool acquiring);
  // True when the API server took the release.
  bool release(const std::string& scope, LeaseRecord record, LeaseApi& api);
  // The record as this replica releases it.
  LeaseRecord released(LeaseRecord record) const;
  // Creates the lease when it has no resourceVersion yet, else replaces it.
  LeaseResult<LeaseRecord> write(const LeaseRecord& record);
  // spec.leaseDurationSeconds, else coordination.lease_duration.
  std::chrono::seconds duration_of(const LeaseRecord& record) const;
  // The scope's fence deadline, made on first use.
  std::shared_ptr<FenceDeadline> fence_deadline(const std::string& scope) const;
  void drop(const std::string& scope, const char* event);
  void set_fence(const std::string& scope, std::chrono::steady_clock::time_point until);
  void count_error(const std::string& what, const LeaseError& error);
  LeaseRecord ours(LeaseRecord record, bool acquiring) const;

  const CoordinatorOptions options_;
  LeaseApi& api_;
  ScopeOwner& owner_;
  LeaseApi& release_api_;

  // Only the round's thread (or a test's) touches these.
  std::map<std::string, Observed> observed_;
  std::map<std::string, std::chrono::steady_clock::time_point> absent_since_;
  std::map<std::string, Held> held_;
  // Scopes a round stopped and meant to release, whose release did not go through (stopping cancels the rounds'
  // calls, possibly while a hand-over waits for its scope to stop), and scopes whose take failed in flight and may
  // have been applied (kept without a resourceVersion, so they are read before any write): release_all releases
  // those still this replica's, unless they are seen held by another replica, or taken again, first.
  std::map<std::string, LeaseRecord> unreleased_;
  std::optional<LeaseRecord> replica_lease_;
  std::set<std::string> told_owner_;
  bool told_once_ = false;

  std::atomic<bool> scopes_known_{false};
  std::atomic<bool> settled_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> scopes_;
  mutable std::map<std::string, std::shared_ptr<FenceDeadline>> fences_;
  std::set<std::string> held_view_;

  telemetry::GaugeFamily scopes_held_;
  telemetry::GaugeFamily scope_held_;
  telemetry::GaugeFamily replicas_;
  telemetry::CounterFamily transitions_;
  telemetry::GaugeFamily last_renew_;
  telemetry::CounterFamily api_errors_;

  std::jthread thread_;
};

}  // namespace rds_exporter::coordination
