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
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

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
                     publishing::MetricPublisher& publisher, CollectorMetrics& metrics);
  ~RdsMetricCollector();
  RdsMetricCollector(const RdsMetricCollector&) = delete;
  RdsMetricCollector& operator=(const RdsMetricCollector&) = delete;

  // Starts both loops: discovery at once, the first collection as soon as the first inventory exists.
  void start();
  // Stops both loops, interrupting their waits (not an AWS call in flight, which its own timeout bounds).
  void stop();

  CollectorHealth health() const;
  SnapshotPtr snapshot() const { return snapshot_.load(); }

 private:
  void discovery_loop();
  void collection_loop();
  // Merges `fresh` into the current snapshot against `inventory`, publishes the result.
  void publish_merged(const discovery::InventoryPtr& inventory, std::vector<collection::Reading> fresh);
  // Waits until `deadline` or stop(); false when stopping. `wake` ends the wait early when set.
  bool wait_until(std::chrono::steady_clock::time_point deadline, const bool* wake = nullptr);

  const CollectorSchedule schedule_;
  const DiscoverFunction discover_;
  const CollectFunction collect_;
  publishing::MetricPublisher& publisher_;
  CollectorMetrics& metrics_;

  std::atomic<discovery::InventoryPtr> inventory_;
  std::atomic<SnapshotPtr> snapshot_;
  // Serialises merges: both loops publish (discovery prunes departed instances at once).
  std::mutex merge_mutex_;
  std::atomic<std::chrono::steady_clock::time_point> last_success_;

  mutable std::mutex wait_mutex_;
  std::condition_variable wake_up_;
  bool stopping_ = false;
  bool inventory_changed_ = false;
  std::thread discovery_thread_;
  std::thread collection_thread_;
};

}  // namespace rds_exporter::snapshot
