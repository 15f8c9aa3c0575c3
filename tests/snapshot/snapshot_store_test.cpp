#include "snapshot/snapshot_store.h"

#include "fake_engine_clock.h"
#include "snapshot_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace rds_exporter::snapshot {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class CountingPublisher : public MetricPublisher {
 public:
  void publish(const std::vector<SnapshotPtr>& scopes) override {
    const std::lock_guard lock(mutex_);
    pages_.push_back(scopes.size());
  }
  std::vector<std::size_t> pages() const {
    const std::lock_guard lock(mutex_);
    return pages_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::size_t> pages_;
};

SnapshotPtr snapshot_of(std::initializer_list<std::string> instances) {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->inventory = testing::inventory_of(instances);
  return snapshot;
}

// Ten scopes finishing their cycles at the same moment make one page, not ten.
TEST(SnapshotStore, ChangesOfTheSameMomentAreRenderedOnce) {
  testing::FakeEngineClock clock;
  CountingPublisher publisher;
  CollectorMetrics metrics;
  SnapshotStore store(publisher, metrics, 10s, clock);
  std::uint64_t last = 0;
  for (int scope = 0; scope < 10; ++scope) last = store.update("scope-" + std::to_string(scope), snapshot_of({"db"}));
  EXPECT_TRUE(publisher.pages().empty());
  // The render thread noticed the changes and waits for the moment to pass: move the clock.
  ASSERT_TRUE(eventually([&] { return clock.waiters() == 1; }));
  ASSERT_TRUE(eventually([&] {
    clock.advance(10s);
    return store.rendered() == last;
  }));
  EXPECT_EQ(publisher.pages(), std::vector<std::size_t>{10});
  EXPECT_EQ(store.renders(), 1u);
}

// A scope that is gone leaves the page at the next render; flush() renders at once.
TEST(SnapshotStore, ARemovedScopeLeavesThePage) {
  CountingPublisher publisher;
  CollectorMetrics metrics;
  SnapshotStore store(publisher, metrics, 1h);
  store.update("a", snapshot_of({"db"}));
  store.update("b", snapshot_of({"db"}));
  store.flush();
  store.update("a", nullptr);
  store.flush();
  EXPECT_EQ(publisher.pages(), (std::vector<std::size_t>{2, 1}));
}

// A publisher that throws costs one page, never the render thread: the next change is rendered.
TEST(SnapshotStore, AThrowingPublisherIsCountedAndTheNextChangeRendered) {
  struct Flaky : MetricPublisher {
    std::atomic<int> calls{0};
    void publish(const std::vector<SnapshotPtr>&) override {
      if (++calls == 1) throw std::runtime_error("test hook: render");
    }
  } publisher;
  CollectorMetrics metrics;
  SnapshotStore store(publisher, metrics, 1ms);
  store.update("a", snapshot_of({"db"}));
  ASSERT_TRUE(eventually([&] { return publisher.calls == 1; }));
  const auto second = store.update("a", snapshot_of({"db", "other"}));
  ASSERT_TRUE(eventually([&] { return store.rendered() >= second; }));
  EXPECT_EQ(publisher.calls, 2);
  const auto families = metrics.collect();
  for (const auto& sample : families.back().samples) {
    if (sample.labels[0].value == "render") {
      EXPECT_EQ(sample.value, 1);
    }
  }
}

}  // namespace
}  // namespace rds_exporter::snapshot
