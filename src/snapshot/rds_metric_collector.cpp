#include "snapshot/rds_metric_collector.h"

#include "common/heap.h"
#include "logging/log_setup.h"

#include <fmt/chrono.h>

#include <algorithm>
#include <exception>
#include <string_view>

namespace rds_exporter::snapshot {

// Sorted, for binary searches; each string a copy, so that the inventory itself can go.
class InventoryIdentifiers {
 public:
  explicit InventoryIdentifiers(const discovery::Inventory& inventory) {
    names_.reserve(inventory.instances.size() + inventory.clusters.size());
    for (const auto& instance : inventory.instances) names_.push_back(instance.db.identifier);
    for (const auto& cluster : inventory.clusters) names_.push_back(cluster.db.identifier);
    std::sort(names_.begin(), names_.end());
  }

  bool contains(std::string_view identifier) const {
    return std::binary_search(names_.begin(), names_.end(), identifier, std::less<>());
  }

 private:
  std::vector<std::string> names_;
};

namespace {

// The longest a side cycle waits for a main cycle to end (half its interval when shorter): a main cycle held up
// by throttling and retries delays Performance Insights and Enhanced Monitoring by this much at most.
constexpr std::chrono::seconds kLongestWaitForMain{30};

double seconds_between(EngineClock::SteadyTime start, EngineClock::SteadyTime end) {
  return std::chrono::duration<double>(end - start).count();
}

// Whether `seen` lacks one of the instances or clusters of `next`.
bool brings_newcomers(const InventoryIdentifiers& seen, const discovery::Inventory& next) {
  const auto is_new = [&](const auto& watched) { return !seen.contains(watched.db.identifier); };
  return std::any_of(next.instances.begin(), next.instances.end(), is_new) ||
         std::any_of(next.clusters.begin(), next.clusters.end(), is_new);
}

// The instances and clusters of `next` that `seen` did not watch, as an inventory of their own: they are
// collected alone, at once, rather than with the whole fleet again. Null when there are none.
discovery::InventoryPtr newcomers(const InventoryIdentifiers& seen, const discovery::InventoryPtr& next) {
  auto fresh = std::make_shared<discovery::Inventory>();
  fresh->discovered_at = next->discovered_at;
  for (const auto& instance : next->instances) {
    if (!seen.contains(instance.db.identifier)) fresh->instances.push_back(instance);
  }
  for (const auto& cluster : next->clusters) {
    if (!seen.contains(cluster.db.identifier)) fresh->clusters.push_back(cluster);
  }
  if (fresh->instances.empty() && fresh->clusters.empty()) return nullptr;
  return fresh;
}

}  // namespace

double spread_phase(std::vector<double> taken) {
  if (taken.empty()) return 0.0;
  std::sort(taken.begin(), taken.end());
  // The gap from the last phase round to the first, then each gap between neighbours; the first widest wins.
  double start = taken.back();
  double widest = taken.front() + 1.0 - taken.back();
  for (std::size_t i = 1; i < taken.size(); ++i) {
    if (taken[i] - taken[i - 1] > widest) {
      widest = taken[i] - taken[i - 1];
      start = taken[i - 1];
    }
  }
  const double middle = start + widest / 2;
  return middle >= 1.0 ? middle - 1.0 : middle;
}

EngineClock::SteadyTime on_phase(EngineClock::SteadyTime around, std::chrono::steady_clock::duration interval,
                                 double phase, EngineClock::SteadyTime origin) {
  if (interval <= std::chrono::steady_clock::duration::zero()) return around;
  const auto offset = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double, std::chrono::steady_clock::period>(phase * static_cast<double>(interval.count())));
  // How far past its last phase point the window's start is; the point nearest to `around` is the next one after
  // it.
  const EngineClock::SteadyTime earliest = around - interval / 2;
  auto past = (earliest - origin - offset) % interval;
  if (past < past.zero()) past += interval;
  return past == past.zero() ? earliest : earliest + (interval - past);
}

RdsMetricCollector::RdsMetricCollector(CollectorSchedule schedule, aws::ScopeLabels scope, DiscoverFunction discover,
                                       CollectFunction collect, SnapshotStore& store, CollectorMetrics& metrics,
                                       std::vector<SideCollection> side_collections, EngineClock& clock,
                                       std::vector<FactSource> fact_sources)
    : schedule_(schedule),
      scope_(std::move(scope)),
      scope_key_(scope_.describe()),
      discover_(std::move(discover)),
      collect_(std::move(collect)),
      side_collections_(std::move(side_collections)),
      fact_sources_(std::move(fact_sources)),
      store_(store),
      metrics_(metrics),
      clock_(clock),
      last_success_(clock.steady_now()) {
  metrics_.add_scope(scope_);
}

RdsMetricCollector::~RdsMetricCollector() { stop(); }

void RdsMetricCollector::start() {
  last_success_ = clock_.steady_now();
  const std::stop_token stop = stop_source_.get_token();
  threads_.emplace_back([this, stop] { discovery_loop(stop); });
  threads_.emplace_back([this, stop] { collection_loop(stop, std::nullopt); });
  for (std::size_t side = 0; side < side_collections_.size(); ++side) {
    threads_.emplace_back([this, stop, side] { collection_loop(stop, side); });
  }
  for (std::size_t source = 0; source < fact_sources_.size(); ++source) {
    threads_.emplace_back([this, stop, source] { fact_loop(stop, source); });
  }
}

void RdsMetricCollector::request_stop() {
  stop_source_.request_stop();
  wake_up_.notify_all();
}

void RdsMetricCollector::stop() {
  request_stop();
  for (std::jthread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

CollectorHealth RdsMetricCollector::health() const {
  const auto limit = schedule_.collection_interval * schedule_.unhealthy_after_intervals;
  const auto since = clock_.steady_now() - last_success_.load();
  if (since <= limit) return {};
  return {false, fmt::format("no successful CloudWatch collection for {} (limit {} = {} collection intervals)",
                             std::chrono::duration_cast<std::chrono::seconds>(since), limit,
                             schedule_.unhealthy_after_intervals)};
}

template <typename Body>
void RdsMetricCollector::guarded(std::string_view component, Body&& body) {
  const auto report = [&](std::string_view what) {
    metrics_.record_internal_error(component);
    logging::logger(component == "discovery" ? "discovery" : "collection")
        ->error("scope {}: unexpected error in the {} loop, which goes on at its next tick: {}", scope_key_,
                component, what);
  };
  try {
    body();
  } catch (const std::exception& error) {
    report(error.what());
  } catch (...) {
    report("an exception of unknown type");
  }
}

bool RdsMetricCollector::wait_until(const std::stop_token& stop, EngineClock::SteadyTime deadline,
                                    const std::uint64_t* seen_generation, const std::uint64_t* seen_discoveries,
                                    const std::uint64_t* seen_expiry_changes) {
  std::unique_lock lock(wait_mutex_);
  clock_.wait_until(lock, wake_up_, stop, deadline, [&] {
    return (seen_generation && *seen_generation != inventory_generation_) ||
           (seen_discoveries && *seen_discoveries != discoveries_) ||
           (seen_expiry_changes && *seen_expiry_changes != expiry_changes_);
  });
  return !stop.stop_requested();
}

void RdsMetricCollector::wait_for_main_cycle(const std::stop_token& stop, std::chrono::steady_clock::duration most) {
  std::unique_lock lock(wait_mutex_);
  // Not the engine clock's wait: a test moving time waits for every loop to be parked on the clock, and a side
  // loop parked here while the main cycle runs would count as one.
  wake_up_.wait_until(lock, stop, std::chrono::steady_clock::now() + most,
                      [&] { return !main_collecting_ && main_due_ > clock_.steady_now(); });
}

void RdsMetricCollector::update_scope_up() { metrics_.record_scope_up(scope_, discovery_ok_ && collection_ok_); }

void RdsMetricCollector::discovery_loop(std::stop_token stop) {
  const auto log = logging::logger("discovery");
  // After a failure, try again at the collection pace rather than wait a whole discovery interval.
  const auto retry_interval = std::min(schedule_.discovery_interval, schedule_.collection_interval);
  while (!stop.stop_requested()) {
    const auto started = clock_.steady_now();
    auto next = started + retry_interval;
    guarded("discovery", [&] {
      auto discovered = discover_(clock_.wall_now());
      if (stop.stop_requested()) return;
      if (discovered) {
        discovery::InventoryPtr inventory = std::move(discovered.value());
        metrics_.record_discovery(scope_, *inventory, seconds_between(started, clock_.steady_now()));
        // Only this loop replaces the inventory, so these comparisons need no lock. A fleet found unchanged (the
        // usual case) keeps the inventory it has: the page needs no new merge, and the copy just built is freed
        // now rather than held beside the first until the loops' next cycles.
        const discovery::InventoryPtr current = inventory_.load();
        const bool unchanged = current && discovery::same_fleet(*current, *inventory);
        if (unchanged) inventory = current;
        const bool new_ones = !unchanged && (!current || brings_newcomers(*identifiers_, *inventory));
        auto identifiers = unchanged ? nullptr : std::make_shared<const InventoryIdentifiers>(*inventory);
        {
          // The inventory, its identifiers and its generation change together, so that a collection loop never
          // sees the new inventory with the old generation (it would collect the newcomers, then wake for them
          // once more).
          const std::lock_guard lock(wait_mutex_);
          if (!unchanged) {
            inventory_.exchange(inventory);
            identifiers_ = std::move(identifiers);
          }
          if (new_ones) ++inventory_generation_;
          ++discoveries_;
        }
        discovery_ok_ = true;
        next = started + schedule_.discovery_interval;
        if (schedule_.phase) {
          next = on_phase(next, schedule_.discovery_interval, *schedule_.phase, schedule_.phase_origin);
          while (next <= clock_.steady_now()) next += schedule_.discovery_interval;
        }
        // Departed instances lose their series now, not at the next collection.
        if (!unchanged) publish_merged(inventory, {});
        if (new_ones || !fact_sources_.empty()) wake_up_.notify_all();
      } else {
        discovery_ok_ = false;
        if (!inventory_.load()) first_discovery_failed_ = true;
        metrics_.record_discovery_failure(scope_, seconds_between(started, clock_.steady_now()));
        log->warn("scope {}: discovery failed, keeping the previous inventory; retrying in {}: {}", scope_key_,
                  retry_interval, discovered.error().describe());
      }
      update_scope_up();
    });
    if (!wait_until(stop, next)) return;
  }
}

void RdsMetricCollector::collection_loop(std::stop_token stop, std::optional<std::size_t> side) {
  const std::string_view component = side ? std::string_view(side_collections_[*side].component) : "cloudwatch";
  const std::chrono::seconds interval = side && side_collections_[*side].interval.count() > 0
                                            ? side_collections_[*side].interval
                                            : schedule_.collection_interval;
  const Release release = side ? side_collections_[*side].release : Release::scheduled;
  auto next = clock_.steady_now();
  std::uint64_t seen_generation = 0;
  // What this loop has collected so far (none before its first cycle): newcomers are the instances a discovery
  // adds beyond it.
  std::shared_ptr<const InventoryIdentifiers> seen;
  while (!stop.stop_requested()) {
    // The main loop also wakes when a value goes stale (plus a moment, so that it is past its limit by then),
    // including a value another loop merged (a side collection's), which moves that time earlier.
    std::uint64_t seen_expiry_changes = 0;
    if (!side) {
      const std::lock_guard lock(wait_mutex_);
      seen_expiry_changes = expiry_changes_;
    }
    auto deadline = next;
    if (!side) {
      const auto expiry = next_expiry_.load();
      if (expiry != EngineClock::WallTime::max()) {
        const auto until = expiry - clock_.wall_now() + std::chrono::milliseconds(10);
        deadline = std::min(deadline, clock_.steady_now() +
                                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(until));
      }
    }
    if (!wait_until(stop, deadline, &seen_generation, nullptr, side ? nullptr : &seen_expiry_changes)) return;
    if (!side && clock_.steady_now() < deadline) {
      // Woken before the deadline only because another loop's merge moved the next expiry: wait again until it.
      const std::lock_guard lock(wait_mutex_);
      if (seen_generation == inventory_generation_ && seen_expiry_changes != expiry_changes_) continue;
    }
    discovery::InventoryPtr inventory;
    std::shared_ptr<const InventoryIdentifiers> identifiers;
    {
      // Read together (a discovery changes them under this lock): a discovery landing after this point wakes the
      // next wait.
      const std::lock_guard lock(wait_mutex_);
      seen_generation = inventory_generation_;
      inventory = inventory_.load();
      identifiers = identifiers_;
    }
    if (!inventory) {
      next = clock_.steady_now() + interval;
      continue;
    }
    const auto woken = clock_.steady_now();
    // The first collection after the first inventory, and every tick of the schedule, collect the whole scope.
    const bool regular = !seen || woken >= next;
    guarded(component, [&] {
      discovery::InventoryPtr target = inventory;
      if (!regular) {
        target = newcomers(*seen, inventory);
        if (!target) {
          // Woken by a value going stale or (replay) a point falling due, not by the schedule or new instances.
          if (!side) publish_merged(inventory, {});
          return;
        }
      }
      // A side cycle starts once a main cycle running or falling due now is merged; the main one marks itself.
      if (side) {
        const std::chrono::steady_clock::duration half = std::chrono::steady_clock::duration(interval) / 2;
        wait_for_main_cycle(stop, std::min<std::chrono::steady_clock::duration>(half, kLongestWaitForMain));
        if (stop.stop_requested()) return;
      } else {
        const std::lock_guard lock(wait_mutex_);
        main_collecting_ = true;
      }
      std::vector<collection::Reading> readings =
          side ? side_collections_[*side].collect(*target, clock_.wall_now()).readings : collect_main(*target, regular);
      if (stop.stop_requested()) return;
      seen = identifiers;
      const std::uint64_t sequence =
          publish_merged(inventory, std::move(readings), release);
      if (side && side_collections_[*side].after_merge) side_collections_[*side].after_merge();
      if (!side && !first_cycle_published_) {
        ready_after_ = sequence;
        first_cycle_published_ = true;
      }
    });
    if (regular) {
      // Ticks stay on the schedule whatever a cycle took; a cycle longer than the interval skips the missed ticks.
      next = std::min(next, woken) + interval;
      // With a phase, the first tick moves to it (by half an interval at most) and the others stay on it.
      if (schedule_.phase) next = on_phase(next, interval, *schedule_.phase, schedule_.phase_origin);
      while (next <= clock_.steady_now()) next += interval;
    }
    if (!side) {
      {
        const std::lock_guard lock(wait_mutex_);
        main_collecting_ = false;
        main_due_ = next;
      }
      wake_up_.notify_all();
    }
  }
}

void RdsMetricCollector::fact_loop(std::stop_token stop, std::size_t index) {
  const FactSource& source = fact_sources_[index];
  std::uint64_t seen_discoveries = 0;
  while (!stop.stop_requested()) {
    // Only a discovery wakes it: its calls are once per discovery, and a timer of its own would run it twice
    // when both fall due together.
    if (!wait_until(stop, EngineClock::SteadyTime::max(), nullptr, &seen_discoveries)) return;
    discovery::InventoryPtr inventory;
    {
      const std::lock_guard lock(wait_mutex_);
      seen_discoveries = discoveries_;
      inventory = inventory_.load();
    }
    if (!inventory) continue;
    guarded(source.component, [&] {
      collection::FactsPtr facts = source.collect(*inventory, clock_.wall_now());
      if (stop.stop_requested() || !facts) return;
      const FactsUpdate update{index, std::move(facts)};
      publish_merged(inventory, {}, Release::immediate, &update);
    });
  }
}

std::vector<collection::Reading> RdsMetricCollector::collect_main(const discovery::Inventory& inventory,
                                                                  bool regular) {
  const auto started = clock_.steady_now();
  collection::CollectionResult result = collect_(inventory, clock_.wall_now());
  // Stopping cancels the cycle's calls: nothing to count or warn about.
  if (stop_source_.stop_requested()) return {};
  // A cycle with nothing to ask (no series can have a new point yet) says nothing new about CloudWatch: after a
  // failed one, the failure stands until a cycle asks again.
  const bool asked = result.queries > 0 || result.failed_batches > 0;
  if (!asked && !last_ask_ok_) {
    if (regular) ++cycles_;
    return {};
  }
  if (asked) last_ask_ok_ = result.failed_batches == 0;
  metrics_.record_collection(scope_, result, seconds_between(started, clock_.steady_now()));
  if (result.failed_batches == 0) last_success_ = clock_.steady_now();
  if (regular) {
    collection_ok_ = result.failed_batches == 0;
    ++cycles_;
    update_scope_up();
  }
  if (!result.complete()) {
    logging::logger("collection")
        ->warn(
            "scope {}: collection cycle incomplete: {} of {} GetMetricData batches failed, {} series failed; the last "
            "good values stay until exporter.stale_after",
            scope_key_, result.failed_batches, result.batches, result.failed_series);
  }
  return std::move(result.readings);
}

std::uint64_t RdsMetricCollector::publish_merged(const discovery::InventoryPtr& inventory,
                                                 std::vector<collection::Reading> fresh, Release release,
                                                 const FactsUpdate* facts) {
  MergeResult merged;
  std::uint64_t sequence = 0;
  {
    const std::lock_guard lock(merge_mutex_);
    // A collection that started before a discovery finishes after it: merge against the newest inventory.
    discovery::InventoryPtr newest = inventory_.load();
    const SnapshotPtr previous = snapshot_.load();
    const Freshness freshness{clock_.wall_now(),
                              schedule_.stale_after,
                              schedule_.period,
                              schedule_.delay,
                              schedule_.collection_interval,
                              schedule_.replay,
                              schedule_.sampled_collection_interval};
    merged =
        merge_snapshot(previous.get(), newest ? newest : inventory, std::move(fresh), freshness, release, facts,
                       !sinks_.empty());
    metrics_.record_series(scope_, merged.snapshot->readings.size() + merged.fact_series, merged.expired);
    if (merged.skipped > 0) metrics_.record_replay_skipped(scope_, merged.skipped);
    snapshot_.store(merged.snapshot);
    const auto next_expiry = std::min(merged.next_expiry, merged.next_release);
    if (next_expiry < next_expiry_.exchange(next_expiry)) {
      // Sooner than the main loop is waiting for: it recomputes its deadline.
      {
        const std::lock_guard wait_lock(wait_mutex_);
        ++expiry_changes_;
      }
      wake_up_.notify_all();
    }
    ++merges_;
    sequence = store_.update(scope_key_, merged.snapshot);
  }
  // Every new point leaves for the sinks (remote write) as soon as it is merged, whatever the page shows; labelling
  // them takes a while on a large fleet, so the other loops' merges do not wait for it. Each series' points come
  // from one loop only, so they still leave in order.
  if (!merged.accepted.empty()) {
    for (PointSink* sink : sinks_) sink->deliver(merged.snapshot->inventory, merged.accepted);
  }
  // The cycle's answers and the merge's working copies are gone: their memory goes back to the system rather than
  // waiting in the heap for the next cycle.
  merged = MergeResult{};
  common::release_free_heap();
  return sequence;
}

}  // namespace rds_exporter::snapshot
