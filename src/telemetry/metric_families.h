#pragma once

#include "exposition/metric_family.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace rds_exporter::telemetry {

using LabelValues = std::vector<std::string>;

// The exporter's own metrics (AWS calls, retries, credential refreshes...). Each family is
// thread-safe: AWS calls run on many threads and are counted where they happen; a scrape or a
// snapshot reads them through collect().

// Whether a family's changes count in changes(). A family that changes on every scrape (the HTTP server's own
// requests and connections) is `uncounted` and gathered on every scrape; the rest may be served from text rendered
// since the last change.
enum class ChangeTracking { counted, uncounted };

// How many times a counted family was created, changed or destroyed since the process started: equal readings
// mean that every counted family collects what it collected at the first. Read it before collecting; a change
// counts once it is visible to collect().
std::uint64_t changes();

// The state counters and gauges share: one value per label set.
class ValueFamily {
 public:
  double value(const LabelValues& label_values) const;
  exposition::MetricFamily collect() const;

 protected:
  ValueFamily(std::string name, std::string help, std::vector<std::string> label_names, exposition::MetricType type,
              ChangeTracking tracking);
  ~ValueFamily();
  ValueFamily(const ValueFamily&) = delete;
  ValueFamily& operator=(const ValueFamily&) = delete;
  // Runs `change` on the label set's value (created at 0) under the family's lock.
  template <typename Change>
  void update(const LabelValues& label_values, Change change) {
    const std::lock_guard lock(mutex_);
    change(values_[label_values]);
    changed();
  }
  void erase(const LabelValues& label_values);
  // Every series whose first label values are `prefix`.
  void erase_prefixed(const LabelValues& prefix);

 private:
  void changed() const;

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const exposition::MetricType type_;
  const ChangeTracking tracking_;
  mutable std::mutex mutex_;
  std::map<LabelValues, double> values_;
};

class CounterFamily : public ValueFamily {
 public:
  CounterFamily(std::string name, std::string help, std::vector<std::string> label_names,
                ChangeTracking tracking = ChangeTracking::counted);

  // label_values pairs with label_names, in order.
  void increment(const LabelValues& label_values, double amount = 1);
  // Drops every series whose first label values are `prefix`: for what is gone for good (a scope no longer watched).
  void remove_prefixed(const LabelValues& prefix) { erase_prefixed(prefix); }
};

class GaugeFamily : public ValueFamily {
 public:
  GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names,
              ChangeTracking tracking = ChangeTracking::counted);

  void set(const LabelValues& label_values, double value);
  // Drops the series: for a label set that no longer exists (a region or instance gone).
  void remove(const LabelValues& label_values);
  // Drops every series whose first label values are `prefix` (a scope another replica now serves).
  void remove_prefixed(const LabelValues& prefix) { erase_prefixed(prefix); }
};

class HistogramFamily {
 public:
  // upper_bounds ascending; +Inf is implied.
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> upper_bounds);
  ~HistogramFamily();
  HistogramFamily(const HistogramFamily&) = delete;
  HistogramFamily& operator=(const HistogramFamily&) = delete;

  void observe(const LabelValues& label_values, double value);
  std::uint64_t count(const LabelValues& label_values) const;
  exposition::MetricFamily collect() const;

 private:
  struct Series {
    std::vector<std::uint64_t> bucket_counts;  // not cumulative; one per upper bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::vector<double> upper_bounds_;
  mutable std::mutex mutex_;
  std::map<LabelValues, Series> series_;
};

}  // namespace rds_exporter::telemetry
