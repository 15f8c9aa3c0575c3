#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace rds_exporter::sim {

// The simulator's idea of now; tests pass a fixed or movable one.
using Clock = std::function<std::chrono::system_clock::time_point()>;

// Real time: what checks a caller's clock or a lifetime (SigV4's "Signature expired", credential and token expiry)
// and the HTTP Date header use.
inline Clock real_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

// The data clock of --time-scale K: what CloudWatch's datapoints and Performance Insights' samples take for now.
// It runs K times faster than `real` from the moment it is made: now = start + K * (real() - start), so that 30
// minutes of metric data pass in 30 / K real minutes. K = 1 is real time itself. --time-backdate B starts it B
// earlier, now = start - B + K * (real() - start), so that a run can stay behind real time (Prometheus refuses
// samples stamped more than 10 minutes ahead of its clock).
class DataClock {
 public:
  explicit DataClock(Clock real = real_clock(), std::int64_t time_scale = 1,
                     std::chrono::seconds backdate = std::chrono::seconds(0))
      : real_(std::move(real)), time_scale_(time_scale), backdate_(backdate), start_(real_()) {}

  std::chrono::system_clock::time_point now() const {
    if (time_scale_ == 1 && backdate_.count() == 0) return real_();
    return start_ - backdate_ + time_scale_ * (real_() - start_);
  }
  // A Clock that reads this one; it must not outlive it.
  Clock clock() const {
    return [this] { return now(); };
  }
  std::int64_t time_scale() const { return time_scale_; }
  std::chrono::seconds backdate() const { return backdate_; }
  // The real time it was made at, from which it runs ahead.
  std::chrono::system_clock::time_point start() const { return start_; }

 private:
  Clock real_;
  std::int64_t time_scale_;
  std::chrono::seconds backdate_;
  std::chrono::system_clock::time_point start_;
};

}  // namespace rds_exporter::sim
