#pragma once

#include "aws/client/aws_client_metrics.h"
#include "aws/protocol/aws_error.h"
#include "collection/cloudwatch_collector.h"
#include "common/expected.h"
#include "common/shared_slot.h"
#include "discovery/inventory.h"
#include "snapshot/collector_metrics.h"
#include "snapshot/engine_clock.h"
#include "snapshot/point_sink.h"
#include "snapshot/snapshot_merge.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::snapshot {

struct CollectorSchedule {
  std::chrono::seconds collection_interval{60};
  std::chrono::seconds discovery_interval{300};
  std::chrono::seconds stale_after{300};
  // cloudwatch.period and cloudwatch.delay, which bound how old a freshly collected value already is.
  std::chrono::seconds period{60};
  std::chrono::seconds delay{60};
  // exporter.delivery: replay (see Freshness::replay).
  bool replay = false;
  // How often the sampled side collections (Enhanced Monitoring) run (Freshness::sampled_collection_interval).
  std::chrono::seconds sampled_collection_interval{60};
  // /health turns unhealthy after this many collection intervals without a successful cycle.
  int unhealthy_after_intervals = 3;
  // Where in every interval this scope's scheduled cycles and discoveries fall, as a fraction of the interval in
  // [0, 1) counted from `phase_origin` (spread_phase picks one; the scopes of one process share the origin).
  // Scopes at different phases never collect at the same moment, which would add up their cycles' working memory
  // and CPU. Unset: the intervals count from the first cycle, whenever it ran.
  std::optional<double> phase;
  EngineClock::SteadyTime phase_origin{};
};

// The phase farthest from every phase in `taken` (the middle of the widest gap between them, around the interval's
// end): each new scope keeps away from the running ones. 0 when none is taken.
double spread_phase(std::vector<double> taken);

// The time nearest to `around` (at most half an interval away) that falls at `phase` of an `interval` counted from
// `origin`.
EngineClock::SteadyTime on_phase(EngineClock::SteadyTime around, std::chrono::steady_clock::duration interval,
                                 double phase, EngineClock::SteadyTime origin = {});

// The stages it drives, as functions so that tests can stand in for AWS. Each gets the loop's stop token; a
// stop request ends its AWS calls and waits promptly.
using DiscoverFunction = std::function<common::Expected<discovery::InventoryPtr, aws::AwsError>(
    std::chrono::system_clock::time_point)>;
using CollectFunction =
    std::function<collection::CollectionResult(const discovery::Inventory&, std::chrono::system_clock::time_point)>;

// A source collected beside the main one, on a loop of its own at the same interval (Performance Insights): its
// calls never delay CloudWatch's values, and its failures degrade only its own series, never /health. Its
// function records its own self-metrics.
struct SideCollection {
  // Names the loop in logs and in rds_exporter_internal_errors_total{component}.
  std::string component;
  CollectFunction collect;
  // Called once the cycle's readings are merged into the snapshot: the source records its self-metrics then, so
  // that whoever sees them also sees those readings counted in rds_exporter_series.
  std::function<void()> after_merge = {};
  // Its own schedule; 0: the schedule's collection_interval.
  std::chrono::seconds interval{0};
  // How its points reach the page: immediate (the newest at once), or scheduled (with replay, every point at its
  // own time: Enhanced Monitoring's samples).
  Release release = Release::immediate;
};

// A source of facts about the scope (the RDS API inventory): runs on a loop of its own after every successful
// discovery; its output replaces its previous output in the snapshot. Its calls never delay discovery or the
// collections, and its failures degrade only its own series.
struct FactSource {
  std::string component;
  // Null: nothing new to show (the previous output stays).
  std::function<collection::FactsPtr(const discovery::Inventory&, std::chrono::system_clock::time_point)> collect;
};

struct CollectorHealth {
  bool healthy = true;
  std::string reason;
};

// The identifiers of an inventory's instances and clusters (rds_metric_collector.cpp).
class InventoryIdentifiers;

// RdsMetricCollector (the seed's name): the engine of one scope. Runs discovery and each source on threads of
// their own, each on its own schedule, merges every result into a new immutable snapshot of the scope and hands
// it to the store, which renders the page. Scrapes only read what was published: they never wait for AWS, and
// AWS is never called because of a scrape.
//
// No loop can end the process or die: whatever a stage throws is caught where the loop runs, logged with its
// component, counted in rds_exporter_internal_errors_total, and the loop goes on at its next tick. stop() (or
// the destructor) ends every loop promptly; the stages' AWS clients share the same stop request.
class RdsMetricCollector {
 public:
  RdsMetricCollector(CollectorSchedule schedule, aws::ScopeLabels scope, DiscoverFunction discover,
                     CollectFunction collect, SnapshotStore& store, CollectorMetrics& metrics,
                     std::vector<SideCollection> side_collections = {}, EngineClock& clock = system_engine_clock(),
                     std::vector<FactSource> fact_sources = {});
  ~RdsMetricCollector();
  RdsMetricCollector(const RdsMetricCollector&) = delete;
  RdsMetricCollector& operator=(const RdsMetricCollector&) = delete;

  // Every point merged from now on also goes to `sink` (remote write), once. Call before start().
  void add_sink(PointSink& sink) { sinks_.push_back(&sink); }
  // Starts the loops: discovery at once, the first collections as soon as the first inventory exists.
  void start();
  // Tells every loop to stop, interrupting their waits, without waiting for them.
  void request_stop();
  // request_stop(), then waits for every loop to end.
  void stop();

  const aws::ScopeLabels& scope() const { return scope_; }
  CollectorHealth health() const;
  // Whether the first discovery and the first CloudWatch collection after it have finished and a served page
  // includes them, whatever AWS answered: from then on /metrics shows what the exporter knows of the scope.
  bool ready() const { return first_cycle_published_.load() && store_.rendered() >= ready_after_; }
  // ready(), or the first discovery failed: the scope has had its chance.
  bool settled() const { return ready() || first_discovery_failed_.load(); }
  SnapshotPtr snapshot() const { return snapshot_.load(); }
  // Completed CloudWatch cycles (regular ones, not those of new instances alone), for tests and benchmarks.
  std::uint64_t cycles() const { return cycles_.load(); }
  // Snapshots merged so far, and when the main loop next merges without a fetch (a value going stale, a replayed
  // point falling due; max() when nothing will), for tests that drive the clock.
  std::uint64_t merges() const { return merges_.load(); }
  EngineClock::WallTime next_change() const { return next_expiry_.load(); }

 private:
  void discovery_loop(std::stop_token stop);
  void fact_loop(std::stop_token stop, std::size_t source);
  // `side` is an index into side_collections_, or nullopt for the main (CloudWatch) collection.
  void collection_loop(std::stop_token stop, std::optional<std::size_t> side);
  // One cycle of the main collection: its self-metrics, /health's clock and its log line.
  std::vector<collection::Reading> collect_main(const discovery::Inventory& inventory, bool regular);
  // Merges `fresh` into the current snapshot against the newest inventory and hands the result to the store;
  // returns the store's sequence number of that update.
  std::uint64_t publish_merged(const discovery::InventoryPtr& inventory, std::vector<collection::Reading> fresh,
                               Release release = Release::immediate, const FactsUpdate* facts = nullptr);
  // Waits until `deadline`, a stop request or (with `seen_generation`) a discovery that brings new instances.
  // False when stopping.
  bool wait_until(const std::stop_token& stop, EngineClock::SteadyTime deadline,
                  const std::uint64_t* seen_generation = nullptr, const std::uint64_t* seen_discoveries = nullptr,
                  const std::uint64_t* seen_expiry_changes = nullptr);
  // A side loop's wait for the main collection's cycle, when one is running or falls due now, to end: at most
  // `most` (real time, for a main cycle held up by retries), or until a stop request.
  void wait_for_main_cycle(const std::stop_token& stop, std::chrono::steady_clock::duration most);
  // Runs `body`, turning whatever it throws into a log line and a count.
  template <typename Body>
  void guarded(std::string_view component, Body&& body);
  void update_scope_up();

  const CollectorSchedule schedule_;
  const aws::ScopeLabels scope_;
  const std::string scope_key_;
  const DiscoverFunction discover_;
  const CollectFunction collect_;
  const std::vector<SideCollection> side_collections_;
  const std::vector<FactSource> fact_sources_;
  std::vector<PointSink*> sinks_;
  SnapshotStore& store_;
  CollectorMetrics& metrics_;
  EngineClock& clock_;

  common::SharedSlot<const discovery::Inventory> inventory_;
  // The sorted identifiers of inventory_'s instances and clusters, made once per inventory and set with it (under
  // wait_mutex_): a collection loop keeps these of what it collected, to tell newcomers apart, not the inventory.
  std::shared_ptr<const InventoryIdentifiers> identifiers_;
  common::SharedSlot<const Snapshot> snapshot_;
  // Serialises merges: every loop publishes (discovery prunes departed instances at once).
  std::mutex merge_mutex_;
  std::atomic<EngineClock::SteadyTime> last_success_;
  std::atomic<bool> first_cycle_published_{false};
  std::atomic<bool> first_discovery_failed_{false};
  // The store's update that carried the first collection: ready once a served page includes it.
  std::atomic<std::uint64_t> ready_after_{0};
  std::atomic<bool> discovery_ok_{false};
  std::atomic<bool> collection_ok_{false};
  std::atomic<std::uint64_t> cycles_{0};
  std::atomic<std::uint64_t> merges_{0};
  // Whether the last cycle that asked CloudWatch anything succeeded (main loop only).
  bool last_ask_ok_ = true;
  // When the snapshot's first value goes stale, or (replay) its next pending point is due: the main loop wakes
  // then and merges again, so no value is served past its limit and every point is shown on time.
  std::atomic<EngineClock::WallTime> next_expiry_{EngineClock::WallTime::max()};

  mutable std::mutex wait_mutex_;
  std::condition_variable_any wake_up_;
  // Counts discoveries that brought new instances, so that every collection loop wakes for each one and
  // collects the instances it has not seen yet, alone.
  std::uint64_t inventory_generation_ = 0;
  // Counts successful discoveries: the fact sources run after each.
  std::uint64_t discoveries_ = 0;
  // Counts merges that moved next_expiry_ earlier, so that the main loop waits for the new time.
  std::uint64_t expiry_changes_ = 0;
  // While the main loop's cycle (its AWS calls and its merge) runs, and when its next one falls due (min(): at
  // once): a side loop falling due with it waits for its end, so that the two cycles' working memory (answers in
  // flight, readings, the merge's new snapshot) never adds up.
  bool main_collecting_ = false;
  EngineClock::SteadyTime main_due_ = EngineClock::SteadyTime::min();
  std::stop_source stop_source_;
  std::vector<std::jthread> threads_;
};

}  // namespace rds_exporter::snapshot
