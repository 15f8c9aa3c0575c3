#pragma once

#include <memory>
#include <mutex>
#include <utility>

namespace rds_exporter::common {

// A std::shared_ptr that one thread replaces while others read it: what std::atomic<std::shared_ptr<T>> is for,
// with a mutex held only to copy or swap the pointer. libstdc++ 12's atomic<shared_ptr> ends load() by releasing its
// internal lock with a relaxed store, so a load does not happen-before the next store, and ThreadSanitizer reports
// the pair as a data race (make test-tsan failed about every other run on it).
template <typename T>
class SharedSlot {
 public:
  SharedSlot() = default;
  explicit SharedSlot(std::shared_ptr<T> value) : value_(std::move(value)) {}
  SharedSlot(const SharedSlot&) = delete;
  SharedSlot& operator=(const SharedSlot&) = delete;

  std::shared_ptr<T> load() const {
    const std::lock_guard lock(mutex_);
    return value_;
  }

  // The previous value is released outside the lock: the last reference to a large snapshot may go with it.
  void store(std::shared_ptr<T> value) { exchange(std::move(value)); }

  std::shared_ptr<T> exchange(std::shared_ptr<T> value) {
    const std::lock_guard lock(mutex_);
    value_.swap(value);
    return value;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<T> value_;
};

}  // namespace rds_exporter::common
