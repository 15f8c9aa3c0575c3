#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace rds_exporter::sim::cloudwatch {

// What CloudWatch bills the account for, for the admin API to show: GetMetricData is priced by the metrics it requests
// ($0.01 per 1,000, docs/aws-wire-formats.md#cloudwatch-prices-and-quotas), not by calls, up to five statistics of one
// metric counting as one metric: this sums billed_metrics() (get_metric_data.h) of every successful GetMetricData call,
// its later pages included. Thread-safe.
class CloudWatchUsage {
 public:
  void record_get_metric_data(std::size_t metrics_requested) {
    metrics_requested_.fetch_add(metrics_requested, std::memory_order_relaxed);
  }

  std::uint64_t metrics_requested() const { return metrics_requested_.load(std::memory_order_relaxed); }

  void reset() { metrics_requested_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> metrics_requested_{0};
};

}  // namespace rds_exporter::sim::cloudwatch
