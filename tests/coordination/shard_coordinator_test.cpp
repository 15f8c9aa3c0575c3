#include "coordination/shard_coordinator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace rds_exporter::coordination {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The Lease API's semantics in memory: resourceVersion from one counter, 409 on a stale or missing one at create,
// 404 on a name not there. Writes by an identity in `failing` fail as an unreachable API server would.
class FakeLeases final : public LeaseApi {
 public:
  LeaseResult<std::vector<LeaseRecord>> list() override {
    if (unreachable) return common::Unexpected{LeaseError{LeaseErrorKind::failed, "list: connection refused"}};
    std::vector<LeaseRecord> all;
    for (const auto& [name, lease] : leases) all.push_back(lease);
    return all;
  }
  LeaseResult<LeaseRecord> get(const std::string& name) override {
    if (unreachable) return fail("get");
    const auto found = leases.find(name);
    if (found == leases.end()) return common::Unexpected{LeaseError{LeaseErrorKind::not_found, "not found"}};
    return found->second;
  }
  LeaseResult<LeaseRecord> create(const LeaseRecord& lease) override {
    if (unreachable || failing.contains(lease.holder_identity)) return fail("create");
    if (leases.contains(lease.name)) return common::Unexpected{LeaseError{LeaseErrorKind::conflict, "exists"}};
    return store(lease, "create");
  }
  LeaseResult<LeaseRecord> replace(const LeaseRecord& lease) override {
    if (unreachable || failing.contains(lease.holder_identity)) return fail("replace");
    const auto found = leases.find(lease.name);
    if (found == leases.end()) return common::Unexpected{LeaseError{LeaseErrorKind::not_found, "not found"}};
    if (found->second.resource_version != lease.resource_version) {
      return common::Unexpected{LeaseError{LeaseErrorKind::conflict, "the object has been modified"}};
    }
    return store(lease, lease.holder_identity.empty() ? "release" : "replace");
  }

  std::string holder(const std::string& name) const {
    const auto found = leases.find(name);
    return found == leases.end() ? std::string() : found->second.holder_identity;
  }

  std::map<std::string, LeaseRecord> leases;
  std::set<std::string> failing;
  bool unreachable = false;
  // "<verb> <lease> <holder>" of every accepted write, shared with the owners' log.
  std::vector<std::string>* events = nullptr;

 private:
  static common::Unexpected<LeaseError> fail(const char* verb) {
    return common::Unexpected{LeaseError{LeaseErrorKind::failed, std::string(verb) + ": connection refused"}};
  }
  LeaseResult<LeaseRecord> store(LeaseRecord lease, const char* verb) {
    lease.resource_version = std::to_string(++version_);
    if (events != nullptr) events->push_back(std::string(verb) + " " + lease.name + " " + lease.holder_identity);
    leases[lease.name] = lease;
    return lease;
  }
  int version_ = 0;
};

struct RecordingOwner final : ScopeOwner {
  void hold(const std::set<std::string>& scopes) override {
    held = scopes;
    ++calls;
    if (events != nullptr) events->push_back("hold " + identity + " " + std::to_string(scopes.size()));
  }
  std::string identity;
  std::set<std::string> held;
  int calls = 0;
  std::vector<std::string>* events = nullptr;
};

// One clock for every replica: steady time that the test moves.
struct TestClock {
  std::chrono::steady_clock::time_point steady{std::chrono::hours(1000)};
  std::chrono::system_clock::time_point wall{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};
  void advance(std::chrono::steady_clock::duration by) {
    steady += by;
    wall += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
  }
};

const std::vector<std::string> kScopes = {"111111111111/eu-west-1", "111111111111/us-east-1", "222222222222/eu-west-1",
                                          "222222222222/us-east-1", "333333333333/eu-west-1", "333333333333/us-east-1"};

// The API through a client whose calls stopping cancels: all of them (`cancelled`), the writes only
// (`replaces_cancelled`), or the writes' answers after the API server took them (`answers_lost`).
struct InterruptedLeases final : LeaseApi {
  explicit InterruptedLeases(LeaseApi& inner) : inner(inner) {}
  static LeaseError cancel() { return LeaseError{LeaseErrorKind::cancelled, "cancelled"}; }
  LeaseResult<std::vector<LeaseRecord>> list() override {
    if (cancelled) return common::Unexpected{cancel()};
    return inner.list();
  }
  LeaseResult<LeaseRecord> get(const std::string& name) override {
    if (cancelled) return common::Unexpected{cancel()};
    return inner.get(name);
  }
  LeaseResult<LeaseRecord> create(const LeaseRecord& lease) override {
    if (cancelled) return common::Unexpected{cancel()};
    auto written = inner.create(lease);
    if (answers_lost) return common::Unexpected{cancel()};
    return written;
  }
  LeaseResult<LeaseRecord> replace(const LeaseRecord& lease) override {
    if (cancelled || replaces_cancelled) return common::Unexpected{cancel()};
    auto written = inner.replace(lease);
    if (answers_lost) return common::Unexpected{cancel()};
    return written;
  }
  LeaseApi& inner;
  bool cancelled = false;
  bool replaces_cancelled = false;
  bool answers_lost = false;
};

class Replica {
 public:
  Replica(const std::string& identity, FakeLeases& api, TestClock& clock) {
    owner.identity = identity;
    owner.events = api.events;
    CoordinatorOptions options{identity, "rds-exporter", 15s, 10s, 2s};
    options.steady_now = [&clock] { return clock.steady; };
    options.wall_now = [&clock] { return clock.wall; };
    coordinator = std::make_unique<ShardCoordinator>(options, api, owner);
    coordinator->set_scopes(kScopes);
  }
  RecordingOwner owner;
  std::unique_ptr<ShardCoordinator> coordinator;
};

class ShardCoordinatorTest : public ::testing::Test {
 protected:
  Replica& add(const std::string& identity) {
    replicas_.emplace(identity, std::make_unique<Replica>(identity, api_, clock_));
    return *replicas_.at(identity);
  }
  // One round of every replica still running, then retry_period passes.
  void rounds(int count, const std::set<std::string>& frozen = {}) {
    for (int i = 0; i < count; ++i) {
      for (auto& [identity, replica] : replicas_) {
        if (!frozen.contains(identity)) replica->coordinator->round();
      }
      clock_.advance(2s);
    }
  }
  // Scope → the replicas whose owner runs it.
  std::map<std::string, std::vector<std::string>> runners() const {
    std::map<std::string, std::vector<std::string>> result;
    for (const auto& [identity, replica] : replicas_) {
      for (const std::string& scope : replica->owner.held) result[scope].push_back(identity);
    }
    return result;
  }
  void expect_each_scope_run_once_by_its_preferred(const std::set<std::string>& live) {
    const auto running = runners();
    for (const std::string& scope : kScopes) {
      ASSERT_TRUE(running.contains(scope)) << scope << " is run by no replica";
      EXPECT_THAT(running.at(scope), ElementsAre(ShardCoordinator::preferred_holder(live, scope))) << scope;
    }
  }

  // exporter-0 after its first round over `rounds`, releasing straight through the API at shutdown.
  std::unique_ptr<ShardCoordinator> coordinator_over(LeaseApi& rounds, ScopeOwner& owner) {
    CoordinatorOptions options{"exporter-0", "rds-exporter", 15s, 10s, 2s};
    options.steady_now = [this] { return clock_.steady; };
    options.wall_now = [this] { return clock_.wall; };
    auto coordinator = std::make_unique<ShardCoordinator>(options, rounds, owner, &api_);
    coordinator->set_scopes(kScopes);
    coordinator->round();
    return coordinator;
  }

  TestClock clock_;
  FakeLeases api_;
  std::map<std::string, std::unique_ptr<Replica>> replicas_;
};

TEST_F(ShardCoordinatorTest, ALoneReplicaTakesEveryScopeAtItsFirstRoundAndMayCallAwsForThem) {
  Replica& only = add("exporter-0");
  auto fence = only.coordinator->fence(kScopes[0]);
  EXPECT_FALSE(fence());
  rounds(1);
  EXPECT_EQ(only.owner.held, std::set<std::string>(kScopes.begin(), kScopes.end()));
  EXPECT_TRUE(fence());
  EXPECT_EQ(api_.holder("rds-exporter-scope-111111111111-eu-west-1"), "exporter-0");
  EXPECT_EQ(api_.holder("rds-exporter-replica-exporter-0"), "exporter-0");
  const LeaseRecord& lease = api_.leases.at("rds-exporter-scope-111111111111-eu-west-1");
  EXPECT_EQ(lease.lease_duration_seconds, 15);
  EXPECT_EQ(lease.acquire_time, lease.renew_time);
  EXPECT_EQ(lease.lease_transitions, 0);
}

TEST_F(ShardCoordinatorTest, ThreeReplicasEachRunTheirPreferredShareAndNoScopeTwice) {
  for (const char* identity : {"exporter-a", "exporter-b", "exporter-c"}) add(identity);
  rounds(4);
  expect_each_scope_run_once_by_its_preferred({"exporter-a", "exporter-b", "exporter-c"});
}

TEST_F(ShardCoordinatorTest, AReplicaJoiningTakesOnlyItsOwnShareFromTheOthers) {
  for (const char* identity : {"exporter-a", "exporter-b"}) add(identity);
  rounds(4);
  const auto before = runners();
  add("exporter-c");
  rounds(4);
  expect_each_scope_run_once_by_its_preferred({"exporter-a", "exporter-b", "exporter-c"});
  const auto after = runners();
  for (const std::string& scope : kScopes) {
    if (after.at(scope).front() != "exporter-c") {
      EXPECT_EQ(after.at(scope), before.at(scope)) << scope << " moved";
    }
  }
}

TEST_F(ShardCoordinatorTest, AHandedOverScopeIsStoppedBeforeItsLeaseIsReleasedAndTakenAtTheNextRound) {
  std::vector<std::string> events;
  api_.events = &events;
  add("exporter-a");
  rounds(1);
  // Which of the six exporter-b would prefer over exporter-a.
  std::string moving;
  std::size_t staying = 0;
  for (const std::string& scope : kScopes) {
    if (ShardCoordinator::preferred_holder({"exporter-a", "exporter-b"}, scope) == "exporter-b") {
      moving = scope;
    } else {
      ++staying;
    }
  }
  ASSERT_FALSE(moving.empty());
  const std::string lease = "rds-exporter-scope-" + std::string(moving).replace(moving.find('/'), 1, "-");
  add("exporter-b");
  events.clear();
  rounds(3);
  const auto hold = std::find(events.begin(), events.end(), "hold exporter-a " + std::to_string(staying));
  const auto release = std::find(events.begin(), events.end(), "release " + lease + " ");
  const auto taken = std::find(events.begin(), events.end(), "replace " + lease + " exporter-b");
  ASSERT_NE(hold, events.end());
  ASSERT_NE(release, events.end());
  ASSERT_NE(taken, events.end());
  EXPECT_LT(hold, release);
  EXPECT_LT(release, taken);
  EXPECT_EQ(api_.leases.at(lease).lease_transitions, 1);  // a, then b: a release is not a transition, as in client-go
}

TEST_F(ShardCoordinatorTest, AKilledReplicasScopesAreTakenOnlyOnceTheirLeasesExpired) {
  for (const char* identity : {"exporter-a", "exporter-b", "exporter-c"}) add(identity);
  rounds(4);
  const std::set<std::string> dead_share = replicas_.at("exporter-c")->owner.held;
  ASSERT_FALSE(dead_share.empty());
  // exporter-c stops without a word (SIGKILL): 7 rounds of 2 s = 14 s < the 15 s lease.
  rounds(7, {"exporter-c"});
  for (const auto& [scope, running] : runners()) {
    if (dead_share.contains(scope)) {
      EXPECT_EQ(running, std::vector<std::string>{"exporter-c"}) << scope;
    }
  }
  rounds(2, {"exporter-c"});
  const auto running = runners();
  for (const std::string& scope : dead_share) {
    ASSERT_TRUE(running.contains(scope));
    std::vector<std::string> others = running.at(scope);
    std::erase(others, "exporter-c");  // its owner was never told (it is dead); the others must be exactly one
    EXPECT_EQ(others.size(), 1U) << scope;
  }
}

// The rolling restart after a SIGKILL: replicas started after a replica died must not leave a free scope to the dead
// one because its lease, seen by them for the first time, would count as live for a lease_duration.
TEST_F(ShardCoordinatorTest, ANewReplicaDoesNotDeferToADeadOneWhoseLeaseItSeesForTheFirstTime) {
  for (const char* identity : {"exporter-a", "exporter-b"}) add(identity);
  rounds(4);
  replicas_.erase("exporter-a");  // SIGKILL: its replica lease stays held
  rounds(10);                     // exporter-b takes everything once the leases expired
  add("exporter-c");
  rounds(1);
  EXPECT_EQ(replicas_.at("exporter-c")->coordinator->self_metrics()[2].samples.at(0).value, 2)
      << "rds_exporter_coordination_replicas: exporter-b and itself, not the dead exporter-a";
  // Its share moves to it at once (handed over by exporter-b), whatever exporter-a's hash says.
  rounds(2);
  expect_each_scope_run_once_by_its_preferred({"exporter-b", "exporter-c"});
}

TEST_F(ShardCoordinatorTest, NotSettledUntilARoundHasReadTheLeasesWithTheScopesListed) {
  FakeLeases api;
  RecordingOwner owner;
  CoordinatorOptions options{"exporter-0", "rds-exporter", 15s, 10s, 2s};
  options.steady_now = [this] { return clock_.steady; };
  options.wall_now = [this] { return clock_.wall; };
  ShardCoordinator coordinator(options, api, owner);
  coordinator.round();
  EXPECT_FALSE(coordinator.settled()) << "the scopes are not listed yet";
  coordinator.set_scopes(kScopes);
  api.unreachable = true;
  coordinator.round();
  EXPECT_FALSE(coordinator.settled()) << "the leases could not be read";
  api.unreachable = false;
  coordinator.round();
  EXPECT_TRUE(coordinator.settled());
  EXPECT_EQ(owner.held.size(), kScopes.size());
}

TEST_F(ShardCoordinatorTest, AFrozenHolderIsFencedAfterTheRenewDeadlineBeforeAnyoneMayTakeItsScopes) {
  Replica& a = add("exporter-a");
  add("exporter-b");
  rounds(4);
  ASSERT_FALSE(a.owner.held.empty());
  const std::string scope = *a.owner.held.begin();
  auto fence = a.coordinator->fence(scope);
  EXPECT_TRUE(fence());
  // SIGSTOP: exporter-a runs no round. Its last renewal was sent 2 s ago; its fence closes 10 s after it (the renew
  // deadline)...
  rounds(3, {"exporter-a"});
  EXPECT_TRUE(fence());
  rounds(1, {"exporter-a"});
  EXPECT_FALSE(fence()) << "a frozen replica may not call AWS past its renew deadline";
  // ...while exporter-b may take the lease only 15 s after it observed that renewal.
  rounds(3, {"exporter-a"});
  EXPECT_EQ(api_.holder(a.coordinator->scope_lease_name(scope)), "exporter-a");
  rounds(1, {"exporter-a"});
  EXPECT_EQ(api_.holder(a.coordinator->scope_lease_name(scope)), "exporter-b");
  // SIGCONT: exporter-a's next round finds the lease taken and stops the scope; its fence stays closed.
  rounds(1);
  EXPECT_FALSE(a.owner.held.contains(scope));
  EXPECT_FALSE(fence());
}

TEST_F(ShardCoordinatorTest, AReplicaThatCannotRenewStopsItsScopesAtTheRenewDeadline) {
  Replica& a = add("exporter-a");
  rounds(1);
  ASSERT_EQ(a.owner.held.size(), kScopes.size());
  api_.failing.insert("exporter-a");
  rounds(4);  // 8 s
  EXPECT_EQ(a.owner.held.size(), kScopes.size());
  rounds(1);  // 10 s without a renewal
  EXPECT_THAT(a.owner.held, IsEmpty());
  const auto metrics = a.coordinator->self_metrics();
  EXPECT_EQ(metrics[0].samples.at(0).value, 0);  // rds_exporter_coordination_scopes_held
}

TEST_F(ShardCoordinatorTest, AStoppedReplicaReleasesItsLeasesSoThatTheOthersTakeThemAtOnce) {
  for (const char* identity : {"exporter-a", "exporter-b"}) add(identity);
  rounds(4);
  Replica& a = *replicas_.at("exporter-a");
  const std::set<std::string> share = a.owner.held;
  ASSERT_FALSE(share.empty());
  a.coordinator->release_all(3s);
  EXPECT_EQ(api_.holder("rds-exporter-replica-exporter-a"), "");
  replicas_.erase("exporter-a");
  rounds(1);
  for (const std::string& scope : share) EXPECT_TRUE(replicas_.at("exporter-b")->owner.held.contains(scope)) << scope;
}

// At shutdown the rounds' calls are cancelled (a hung API server must not hold the exit up); the releases still go
// out, through the API given for them.
TEST_F(ShardCoordinatorTest, ReleasesGoThroughTheReleaseApiOnceTheRoundsCallsAreCancelled) {
  InterruptedLeases rounds_api(api_);
  RecordingOwner owner;
  const auto coordinator = coordinator_over(rounds_api, owner);
  ASSERT_EQ(owner.held.size(), kScopes.size());
  rounds_api.cancelled = true;
  coordinator->round();  // cancelled calls: nothing counted as an error, nothing dropped before the deadline
  EXPECT_EQ(owner.held.size(), kScopes.size());
  EXPECT_EQ(coordinator->self_metrics().back().samples.at(0).value, 0) << "rds_exporter_coordination_api_errors_total";
  coordinator->release_all(3s);
  for (const std::string& scope : kScopes) EXPECT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "") << scope;
  EXPECT_EQ(api_.holder("rds-exporter-replica-exporter-0"), "");
}

// Stopping cancels the rounds' calls: a renewal cancelled while its answer was on the way has still moved the lease
// on (a new resourceVersion this replica never saw). Releasing from the old one meets 409 Conflict; the lease is
// still this replica's, so it is released from what the API server holds (seen in the sharding chaos test under
// load: two scopes left to expire instead of being handed over).
TEST_F(ShardCoordinatorTest, ALeaseRenewedByACallCancelledInFlightIsStillReleased) {
  InterruptedLeases rounds_api(api_);
  RecordingOwner owner;
  const auto coordinator = coordinator_over(rounds_api, owner);
  ASSERT_EQ(owner.held.size(), kScopes.size());
  clock_.advance(2s);
  rounds_api.answers_lost = true;
  coordinator->round();  // every renewal lands, none of their answers does
  coordinator->release_all(3s);
  for (const std::string& scope : kScopes) EXPECT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "") << scope;
}

// SIGTERM while a hand-over waits for its scope to stop: the round's release goes through the rounds' client, which
// stopping has cancelled. The scope is no longer held, yet its lease must not be left to expire: release_all
// releases it through the release client (seen in the sharding chaos test's rolling restart under load: a scope
// 4.8 s without a collection).
TEST_F(ShardCoordinatorTest, AHandOverWhoseReleaseWasCancelledIsReleasedAtShutdown) {
  InterruptedLeases rounds_api(api_);
  RecordingOwner owner;
  const auto coordinator = coordinator_over(rounds_api, owner);
  ASSERT_EQ(owner.held.size(), kScopes.size());
  add("exporter-1").coordinator->round();  // a second replica: the scopes it is preferred for are handed over
  clock_.advance(2s);
  rounds_api.replaces_cancelled = true;
  coordinator->round();
  std::set<std::string> handed_over;
  for (const std::string& scope : kScopes) {
    if (ShardCoordinator::preferred_holder({"exporter-0", "exporter-1"}, scope) == "exporter-1") handed_over.insert(scope);
  }
  ASSERT_FALSE(handed_over.empty());
  for (const std::string& scope : handed_over) {
    EXPECT_FALSE(owner.held.contains(scope)) << scope;
    EXPECT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "exporter-0") << scope << ": its release was cancelled";
  }
  coordinator->release_all(3s);
  for (const std::string& scope : kScopes) EXPECT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "") << scope;
}

// Takes cancelled while their answers were on the way: the API server holds the leases for this replica, which does
// not know it. Stopping then must release them (read first, then released), or every scope would wait out its
// lease on a replica that is gone.
TEST_F(ShardCoordinatorTest, TakesWhoseAnswersWereLostAreReleasedAtShutdown) {
  InterruptedLeases rounds_api(api_);
  rounds_api.answers_lost = true;
  RecordingOwner owner;
  const auto coordinator = coordinator_over(rounds_api, owner);
  EXPECT_TRUE(owner.held.empty());
  for (const std::string& scope : kScopes) {
    ASSERT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "exporter-0") << scope << ": the take landed";
  }
  coordinator->release_all(3s);
  for (const std::string& scope : kScopes) EXPECT_EQ(api_.holder(coordinator->scope_lease_name(scope)), "") << scope;
}

// The same while running: the next round sees leases that are this replica's on the API server but not held here.
// Its preferred scopes it takes back at once (not after lease_duration); the others it releases to their preferred
// replica.
TEST_F(ShardCoordinatorTest, LeasesOursOnTheServerButNotHeldAreTakenBackOrReleasedByTheNextRound) {
  InterruptedLeases rounds_api(api_);
  rounds_api.answers_lost = true;
  RecordingOwner owner;
  const auto coordinator = coordinator_over(rounds_api, owner);
  EXPECT_TRUE(owner.held.empty());
  rounds_api.answers_lost = false;
  auto& other = add("exporter-1");
  other.coordinator->round();  // announces itself; every scope's lease is exporter-0's and fresh: it takes none
  EXPECT_TRUE(other.owner.held.empty());
  clock_.advance(2s);
  coordinator->round();
  const std::set<std::string> live{"exporter-0", "exporter-1"};
  std::size_t mine = 0;
  for (const std::string& scope : kScopes) {
    const std::string lease = coordinator->scope_lease_name(scope);
    if (ShardCoordinator::preferred_holder(live, scope) == "exporter-0") {
      ++mine;
      EXPECT_TRUE(owner.held.contains(scope)) << scope << ": taken back";
      EXPECT_EQ(api_.holder(lease), "exporter-0") << scope;
    } else {
      EXPECT_EQ(api_.holder(lease), "") << scope << ": released to its preferred replica";
      EXPECT_FALSE(owner.held.contains(scope)) << scope;
    }
  }
  ASSERT_GT(mine, 0U);
  ASSERT_LT(mine, kScopes.size());
  clock_.advance(2s);
  other.coordinator->round();
  EXPECT_EQ(other.owner.held.size(), kScopes.size() - mine);
}

TEST_F(ShardCoordinatorTest, TwoReplicasRacingForAnExpiredLeaseLeaveOneHolder) {
  for (const char* identity : {"exporter-a", "exporter-b", "exporter-c"}) add(identity);
  rounds(4);
  replicas_.erase("exporter-c");  // gone without releasing
  rounds(10);
  expect_each_scope_run_once_by_its_preferred({"exporter-a", "exporter-b"});
}

TEST_F(ShardCoordinatorTest, ScopesNoLongerListedAreStoppedAndReleased) {
  Replica& a = add("exporter-a");
  rounds(1);
  a.coordinator->set_scopes({kScopes[0]});
  rounds(1);
  EXPECT_EQ(a.owner.held, std::set<std::string>{kScopes[0]});
  EXPECT_EQ(api_.holder(a.coordinator->scope_lease_name(kScopes[1])), "");
}

TEST_F(ShardCoordinatorTest, AnUnreachableApiServerIsCountedAndTheScopesStopAtTheDeadline) {
  Replica& a = add("exporter-a");
  rounds(1);
  api_.unreachable = true;
  rounds(5);
  EXPECT_THAT(a.owner.held, IsEmpty());
  const auto metrics = a.coordinator->self_metrics();
  const auto& errors = metrics.back();
  EXPECT_EQ(errors.name, "rds_exporter_coordination_api_errors_total");
  EXPECT_GE(errors.samples.at(0).value, 10);
}

TEST(ShardCoordinatorNames, LeaseNamesAreKubernetesNames) {
  FakeLeases api;
  RecordingOwner owner;
  ShardCoordinator coordinator({"Pod_Name.X", "rds-exporter"}, api, owner);
  EXPECT_EQ(coordinator.scope_lease_name("123456789012/ap-northeast-2"), "rds-exporter-scope-123456789012-ap-northeast-2");
  EXPECT_EQ(coordinator.replica_lease_name("Pod_Name.X"), "rds-exporter-replica-pod-name.x");
  EXPECT_EQ(coordinator.replica_lease_name(std::string(300, 'a')).size(), 253U);
}

TEST(ShardCoordinatorNames, RendezvousHashingSpreadsScopesAndIsStable) {
  std::map<std::string, int> share;
  for (int account = 0; account < 100; ++account) {
    for (const char* region : {"eu-west-1", "us-east-1", "ap-northeast-2"}) {
      share[ShardCoordinator::preferred_holder({"a", "b", "c"}, std::to_string(100000000000 + account) + "/" + region)]++;
    }
  }
  for (const auto& [replica, count] : share) EXPECT_GT(count, 60) << replica;  // 300 scopes, about 100 each
  EXPECT_EQ(ShardCoordinator::preferred_holder({"a", "b", "c"}, "x"), ShardCoordinator::preferred_holder({"c", "a", "b"}, "x"));
}

// The coordinator's own thread: its first round at once, and stop() ends the rounds and releases the leases.
TEST(ShardCoordinatorThread, RunsRoundsOnItsOwnThreadUntilStoppedThenReleases) {
  struct LockedOwner final : ScopeOwner {
    void hold(const std::set<std::string>& scopes) override {
      const std::lock_guard lock(mutex);
      held = scopes;
      changed.notify_all();
    }
    std::mutex mutex;
    std::condition_variable changed;
    std::set<std::string> held;
  } owner;
  FakeLeases api;
  ShardCoordinator coordinator({"exporter-0", "rds-exporter", 15s, 10s, 2s}, api, owner);
  coordinator.set_scopes(kScopes);
  coordinator.start();
  {
    std::unique_lock lock(owner.mutex);
    ASSERT_TRUE(owner.changed.wait_for(lock, 10s, [&] { return owner.held.size() == kScopes.size(); }));
  }
  EXPECT_EQ(coordinator.held().size(), kScopes.size());
  EXPECT_TRUE(coordinator.fence(kScopes[0])());
  coordinator.stop();
  EXPECT_FALSE(coordinator.fence(kScopes[0])());
  EXPECT_EQ(api.holder(coordinator.scope_lease_name(kScopes[0])), "");
  EXPECT_EQ(api.holder("rds-exporter-replica-exporter-0"), "");
}

}  // namespace
}  // namespace rds_exporter::coordination
