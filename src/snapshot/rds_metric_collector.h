#pragma once

#include "aws/protocol/aws_error.h"
#include "collection/cloudwatch_collector.h"
#include "common/expected.h"
#include "discovery/inventory.h"
#include "publishing/metric_publisher.h"
#include "snapshot/collector_metrics.h"
#include "snapshot/snapshot.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
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
  // /health turns unhealthy after this many collection intervals without a successful cycle.
  int unhealthy_after_intervals = 3;
};

// The stages it drives, as functions so that tests can stand in for AWS.
using DiscoverFunction =
    std::function<common::Expected<discovery::InventoryPtr, aws::AwsError>(std::chrono::system_clock::time_point)>;
using CollectFunction =
    std::function<collection::CollectionResult(const discovery::Inventory&, std::chrono::system_clock::time_point)>;

// A source collected beside the main one, on a loop of its own at the same interval (Performance Insights): its
// calls never delay CloudWatch's values, and its failures degrade only its own series, never /health. Its
// function records its own self-metrics.
struct SideCollection {
  CollectFunction collect;
};

struct CollectorHealth {
  bool healthy = true;
  std::string reason;
};

// RdsMetricCollector (the seed's name): runs discovery and collection on threads of their own, each on its own
// interval, merges every result into a new immutable snapshot and hands it to the publisher. Scrapes only read
// what was published: they never wait for AWS, and AWS is never called because of a scrape.
class RdsMetricCollector {
 public:
  RdsMetricCollector(CollectorSchedule schedule, DiscoverFunction discover, CollectFunction collect,
                     publishing::MetricPublisher& publisher, CollectorMetrics& metrics,
                     std::vector<SideCollection> side_collections = {});
  ~RdsMetricCollector();
  RdsMetricCollector(const RdsMetricCollector&) = delete;
  RdsMetricCollector& operator=(const RdsMetricCollector&) = delete;

  // Starts the loops: discovery at once, the first collections as soon as the first inventory exists.
  void start();
  // Stops every loop, interrupting their waits (not an AWS call in flight, which its own timeout bounds).
  void stop();

  CollectorHealth health() const;
  // Whether the first discovery and the first CloudWatch collection after it have finished and their snapshot
  // is published, whatever AWS answered: from then on /metrics shows what the exporter knows.
  bool ready() const;
  SnapshotPtr snapshot() const { return snapshot_.load(); }

 private:
  void discovery_loop();
  // `side` is an index into side_collections_, or nullopt for the main (CloudWatch) collection.
  void collection_loop(std::optional<std::size_t> side);
  // One cycle of the main collection: its self-metrics, /health's clock and its log line.
  std::vector<collection::Reading> collect_main(const discovery::Inventory& inventory);
  // Merges `fresh` into the current snapshot against `inventory`, publishes the result.
  void publish_merged(const discovery::InventoryPtr& inventory, std::vector<collection::Reading> fresh);
  // Waits until `deadline` or stop(); false when stopping. With `seen_generation`, a discovery that brings new
  // instances (a generation other than the one seen) ends the wait early.
  bool wait_until(std::chrono::steady_clock::time_point deadline, const std::uint64_t* seen_generation = nullptr);

  const CollectorSchedule schedule_;
  const DiscoverFunction discover_;
  const CollectFunction collect_;
  const std::vector<SideCollection> side_collections_;
  publishing::MetricPublisher& publisher_;
  CollectorMetrics& metrics_;

  std::atomic<discovery::InventoryPtr> inventory_;
  std::atomic<SnapshotPtr> snapshot_;
  // Serialises merges: both loops publish (discovery prunes departed instances at once).
  std::mutex merge_mutex_;
  std::atomic<std::chrono::steady_clock::time_point> last_success_;
  std::atomic<bool> first_cycle_published_{false};
  // When the snapshot's first value goes stale: the main loop wakes then and merges again, so no value is served
  // past its limit while the next cycle is still to come.
  std::atomic<std::chrono::system_clock::time_point> next_expiry_{std::chrono::system_clock::time_point::max()};

  mutable std::mutex wait_mutex_;
  std::condition_variable wake_up_;
  bool stopping_ = false;
  // Counts discoveries that brought new instances, so that every collection loop sees each one.
  std::uint64_t inventory_generation_ = 0;
  std::thread discovery_thread_;
  std::vector<std::thread> collection_threads_;
};

}  // namespace rds_exporter::snapshot
