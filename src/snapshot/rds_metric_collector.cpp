#include "snapshot/rds_metric_collector.h"

#include "logging/log_setup.h"
#include "snapshot/snapshot_merge.h"

#include <fmt/chrono.h>

#include <algorithm>

namespace rds_exporter::snapshot {
namespace {

using SteadyClock = std::chrono::steady_clock;
using WallClock = std::chrono::system_clock;

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// Whether `next` watches an instance or cluster that `previous` did not: those get values at once, not at
// the next collection tick.
bool adds_sources(const discovery::Inventory* previous, const discovery::Inventory& next) {
  if (!previous) return true;
  std::vector<std::string_view> known;
  for (const auto& instance : previous->instances) known.push_back(instance.db.identifier);
  for (const auto& cluster : previous->clusters) known.push_back(cluster.db.identifier);
  std::sort(known.begin(), known.end());
  const auto is_known = [&](std::string_view id) { return std::binary_search(known.begin(), known.end(), id); };
  return !std::all_of(next.instances.begin(), next.instances.end(),
                      [&](const auto& instance) { return is_known(instance.db.identifier); }) ||
         !std::all_of(next.clusters.begin(), next.clusters.end(),
                      [&](const auto& cluster) { return is_known(cluster.db.identifier); });
}

}  // namespace

RdsMetricCollector::RdsMetricCollector(CollectorSchedule schedule, DiscoverFunction discover, CollectFunction collect,
                                       publishing::MetricPublisher& publisher, CollectorMetrics& metrics,
                                       std::vector<SideCollection> side_collections)
    : schedule_(schedule),
      discover_(std::move(discover)),
      collect_(std::move(collect)),
      side_collections_(std::move(side_collections)),
      publisher_(publisher),
      metrics_(metrics),
      last_success_(SteadyClock::now()) {}

RdsMetricCollector::~RdsMetricCollector() { stop(); }

void RdsMetricCollector::start() {
  last_success_ = SteadyClock::now();
  discovery_thread_ = std::thread([this] { discovery_loop(); });
  collection_threads_.emplace_back([this] { collection_loop(std::nullopt); });
  for (std::size_t side = 0; side < side_collections_.size(); ++side) {
    collection_threads_.emplace_back([this, side] { collection_loop(side); });
  }
}

void RdsMetricCollector::stop() {
  {
    const std::lock_guard lock(wait_mutex_);
    stopping_ = true;
  }
  wake_up_.notify_all();
  if (discovery_thread_.joinable()) discovery_thread_.join();
  for (std::thread& thread : collection_threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool RdsMetricCollector::ready() const { return first_cycle_published_.load(); }

CollectorHealth RdsMetricCollector::health() const {
  const auto limit = schedule_.collection_interval * schedule_.unhealthy_after_intervals;
  const auto since = SteadyClock::now() - last_success_.load();
  if (since <= limit) return {};
  return {false, fmt::format("no successful CloudWatch collection for {} (limit {} = {} collection intervals)",
                             std::chrono::duration_cast<std::chrono::seconds>(since), limit,
                             schedule_.unhealthy_after_intervals)};
}

bool RdsMetricCollector::wait_until(SteadyClock::time_point deadline, const std::uint64_t* seen_generation) {
  std::unique_lock lock(wait_mutex_);
  wake_up_.wait_until(lock, deadline,
                      [&] { return stopping_ || (seen_generation && *seen_generation != inventory_generation_); });
  return !stopping_;
}

void RdsMetricCollector::discovery_loop() {
  const auto log = logging::logger("discovery");
  // After a failure, try again at the collection pace rather than wait a whole discovery interval.
  const auto retry_interval = std::min(schedule_.discovery_interval, schedule_.collection_interval);
  for (;;) {
    const auto started = SteadyClock::now();
    auto discovered = discover_(WallClock::now());
    auto next = started + schedule_.discovery_interval;
    if (discovered) {
      discovery::InventoryPtr inventory = std::move(discovered.value());
      metrics_.record_discovery(*inventory, seconds_since(started));
      const discovery::InventoryPtr previous = inventory_.exchange(inventory);
      // Departed instances lose their series now, not at the next collection.
      publish_merged(inventory, {});
      if (adds_sources(previous.get(), *inventory)) {
        {
          const std::lock_guard lock(wait_mutex_);
          ++inventory_generation_;
        }
        wake_up_.notify_all();
      }
    } else {
      metrics_.record_discovery_failure(seconds_since(started));
      log->warn("discovery failed, keeping the previous inventory; retrying in {}: {}", retry_interval,
                discovered.error().describe());
      next = started + retry_interval;
    }
    if (!wait_until(next)) return;
  }
}

void RdsMetricCollector::collection_loop(std::optional<std::size_t> side) {
  auto next = SteadyClock::now();
  std::uint64_t seen_generation = 0;
  for (;;) {
    // The main loop also wakes when a value goes stale (plus a moment, so that it is past its limit by then).
    auto deadline = next;
    if (!side) {
      const auto expiry = next_expiry_.load();
      if (expiry != WallClock::time_point::max()) {
        const auto until = expiry - WallClock::now() + std::chrono::milliseconds(10);
        deadline = std::min(deadline, SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(until));
      }
    }
    if (!wait_until(deadline, &seen_generation)) return;
    bool new_instances = false;
    {
      // Read before the inventory: a discovery landing after this point wakes the next wait.
      const std::lock_guard lock(wait_mutex_);
      new_instances = seen_generation != inventory_generation_;
      seen_generation = inventory_generation_;
    }
    const discovery::InventoryPtr inventory = inventory_.load();
    if (!inventory) {
      next = SteadyClock::now() + schedule_.collection_interval;
      continue;
    }
    if (!new_instances && SteadyClock::now() < next) {
      // Woken by a value going stale, not by the schedule: drop it now.
      publish_merged(inventory, {});
      continue;
    }
    const auto started = SteadyClock::now();
    std::vector<collection::Reading> readings =
        side ? side_collections_[*side].collect(*inventory, WallClock::now()).readings : collect_main(*inventory);
    publish_merged(inventory, std::move(readings));
    if (!side) first_cycle_published_ = true;
    // Ticks stay on the schedule whatever a cycle took; a cycle longer than the interval skips the missed ticks.
    next = started + schedule_.collection_interval;
    while (next <= SteadyClock::now()) next += schedule_.collection_interval;
  }
}

std::vector<collection::Reading> RdsMetricCollector::collect_main(const discovery::Inventory& inventory) {
  const auto started = SteadyClock::now();
  collection::CollectionResult result = collect_(inventory, WallClock::now());
  metrics_.record_collection(result, seconds_since(started));
  if (result.failed_batches == 0) last_success_ = SteadyClock::now();
  if (!result.complete()) {
    logging::logger("collection")
        ->warn(
            "collection cycle incomplete: {} of {} GetMetricData batches failed, {} series failed; the last good "
            "values stay until exporter.stale_after",
            result.failed_batches, (result.queries + 499) / 500, result.failed_series);
  }
  return std::move(result.readings);
}

void RdsMetricCollector::publish_merged(const discovery::InventoryPtr& inventory,
                                        std::vector<collection::Reading> fresh) {
  const std::lock_guard lock(merge_mutex_);
  // A collection that started before a discovery finishes after it: merge against the newest inventory.
  discovery::InventoryPtr newest = inventory_.load();
  const SnapshotPtr previous = snapshot_.load();
  const Freshness freshness{WallClock::now(), schedule_.stale_after, schedule_.period, schedule_.delay,
                            schedule_.collection_interval};
  MergeResult merged = merge_snapshot(previous.get(), newest ? newest : inventory, std::move(fresh), freshness);
  metrics_.record_series(merged.snapshot->readings.size(), merged.expired);
  snapshot_.store(merged.snapshot);
  next_expiry_ = merged.next_expiry;
  publisher_.publish(merged.snapshot);
}

}  // namespace rds_exporter::snapshot
