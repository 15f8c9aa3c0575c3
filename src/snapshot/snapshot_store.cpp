#include "snapshot/snapshot_store.h"

#include "logging/log_setup.h"

#include <algorithm>
#include <exception>
#include <vector>

namespace rds_exporter::snapshot {
namespace {

// However long a render takes, a change waits at most this long for the next one.
constexpr std::chrono::seconds kMaxRenderGap{5};

}  // namespace

EngineClock& system_engine_clock() {
  static SystemEngineClock clock;
  return clock;
}

SnapshotStore::SnapshotStore(MetricPublisher& publisher, CollectorMetrics& metrics, std::chrono::milliseconds coalesce,
                             EngineClock& clock)
    : publisher_(publisher), metrics_(metrics), coalesce_(coalesce), clock_(clock) {
  thread_ = std::jthread([this](std::stop_token stop) { render_loop(std::move(stop)); });
}

SnapshotStore::~SnapshotStore() {
  thread_.request_stop();
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t SnapshotStore::update(const std::string& scope_key, SnapshotPtr snapshot) {
  std::uint64_t sequence = 0;
  {
    const std::lock_guard lock(mutex_);
    sequence = ++updates_;
    if (snapshot) {
      scopes_[scope_key] = std::move(snapshot);
    } else {
      scopes_.erase(scope_key);
    }
    dirty_ = true;
  }
  wake_.notify_all();
  return sequence;
}

std::uint64_t SnapshotStore::rendered() const {
  const std::lock_guard lock(mutex_);
  return rendered_;
}

std::size_t SnapshotStore::renders() const {
  const std::lock_guard lock(mutex_);
  return renders_;
}

void SnapshotStore::flush() {
  std::unique_lock lock(mutex_);
  if (dirty_) render_pending(lock);
}

void SnapshotStore::render_pending(std::unique_lock<std::mutex>& lock) {
  std::vector<SnapshotPtr> scopes;
  scopes.reserve(scopes_.size());
  for (const auto& [key, snapshot] : scopes_) scopes.push_back(snapshot);
  const std::uint64_t sequence = updates_;
  dirty_ = false;
  ++renders_;
  lock.unlock();
  {
    const std::lock_guard render(render_mutex_);
    try {
      publisher_.publish(scopes);
    } catch (const std::exception& error) {
      metrics_.record_internal_error("render");
      logging::logger("render")->error("rendering the page failed; the previous page stays: {}", error.what());
    } catch (...) {
      metrics_.record_internal_error("render");
      logging::logger("render")->error("rendering the page failed; the previous page stays");
    }
  }
  lock.lock();
  rendered_ = std::max(rendered_, sequence);
}

void SnapshotStore::render_loop(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (!clock_.wait_until(lock, wake_, stop, clock_.steady_now() + std::chrono::hours(1), [&] { return dirty_; })) {
      continue;
    }
    if (stop.stop_requested()) return;
    // Let the other scopes' and sources' changes of the same moment join this render, and keep rendering to at
    // most a third of the time: scopes finishing seconds apart share a page once pages take long to render.
    clock_.wait_until(lock, wake_, stop, std::max(clock_.steady_now() + coalesce_, next_render_), [] { return false; });
    if (stop.stop_requested()) return;
    if (!dirty_) continue;
    const auto started = clock_.steady_now();
    render_pending(lock);
    const auto took = clock_.steady_now() - started;
    next_render_ = clock_.steady_now() + std::min<std::chrono::steady_clock::duration>(2 * took, kMaxRenderGap);
  }
}

}  // namespace rds_exporter::snapshot
