#pragma once

#include "snapshot/collector_metrics.h"
#include "snapshot/engine_clock.h"
#include "snapshot/metric_publisher.h"
#include "snapshot/snapshot.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace rds_exporter::snapshot {

// Holds every scope's newest snapshot and hands them to the publisher on a thread of its own, once per change
// however many scopes and sources changed meanwhile: changes that arrive while a page is being rendered, or
// within `coalesce` of the first, are rendered together. The page is therefore rendered once per snapshot
// change, never once per source and scope. After a render that took d, the next waits at least 2d (at most
// 5 s), so that rendering never takes more than a third of a core however many scopes finish apart.
class SnapshotStore {
 public:
  SnapshotStore(MetricPublisher& publisher, CollectorMetrics& metrics,
                std::chrono::milliseconds coalesce = std::chrono::milliseconds(50),
                EngineClock& clock = system_engine_clock());
  ~SnapshotStore();
  SnapshotStore(const SnapshotStore&) = delete;
  SnapshotStore& operator=(const SnapshotStore&) = delete;

  // A scope's new snapshot (null removes the scope). Never blocks on rendering. Returns the update's sequence
  // number, which rendered() reaches once a page including it is served.
  std::uint64_t update(const std::string& scope_key, SnapshotPtr snapshot);
  // The sequence number of the newest update the served page includes.
  std::uint64_t rendered() const;
  // Renders whatever is pending now, on the caller's thread (tests, and the last page before a reload).
  void flush();
  // How many pages were rendered since start.
  std::size_t renders() const;

 private:
  void render_loop(std::stop_token stop);
  void render_pending(std::unique_lock<std::mutex>& lock);

  MetricPublisher& publisher_;
  CollectorMetrics& metrics_;
  const std::chrono::milliseconds coalesce_;
  EngineClock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::map<std::string, SnapshotPtr> scopes_;
  bool dirty_ = false;
  std::size_t renders_ = 0;
  std::uint64_t updates_ = 0;
  std::uint64_t rendered_ = 0;
  EngineClock::SteadyTime next_render_{};
  // Serialises renders: the render thread and flush().
  std::mutex render_mutex_;
  std::jthread thread_;
};

}  // namespace rds_exporter::snapshot
