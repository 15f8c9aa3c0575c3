#include "telemetry/metric_families.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <charconv>
#include <cmath>

namespace rds_exporter::telemetry {
namespace {

std::atomic<std::uint64_t> g_changes{0};

void count_change() { g_changes.fetch_add(1, std::memory_order_acq_rel); }

std::vector<exposition::Label> labels_of(const std::vector<std::string>& names, const LabelValues& values) {
  std::vector<exposition::Label> labels;
  labels.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) labels.push_back({names[i], values[i]});
  return labels;
}

std::string format_bound(double bound) {
  std::array<char, 32> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), bound);
  return std::string(buffer.data(), result.ptr);
}

}  // namespace

std::uint64_t changes() { return g_changes.load(std::memory_order_acquire); }

ValueFamily::ValueFamily(std::string name, std::string help, std::vector<std::string> label_names,
                         exposition::MetricType type, ChangeTracking tracking)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      type_(type),
      tracking_(tracking) {
  changed();
}

// A family gone is a page without it.
ValueFamily::~ValueFamily() { changed(); }

void ValueFamily::changed() const {
  if (tracking_ == ChangeTracking::counted) count_change();
}

double ValueFamily::value(const LabelValues& label_values) const {
  const std::lock_guard lock(mutex_);
  const auto it = values_.find(label_values);
  return it == values_.end() ? 0 : it->second;
}

void ValueFamily::erase(const LabelValues& label_values) {
  const std::lock_guard lock(mutex_);
  values_.erase(label_values);
  changed();
}

void ValueFamily::erase_prefixed(const LabelValues& prefix) {
  const std::lock_guard lock(mutex_);
  std::erase_if(values_, [&prefix](const auto& entry) {
    const LabelValues& labels = entry.first;
    return labels.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), labels.begin());
  });
  changed();
}

exposition::MetricFamily ValueFamily::collect() const {
  const std::lock_guard lock(mutex_);
  exposition::MetricFamily family{name_, help_, type_, {}};
  family.samples.reserve(values_.size());
  for (const auto& [label_values, value] : values_) {
    assert(label_values.size() == label_names_.size());
    family.samples.push_back({labels_of(label_names_, label_values), value, std::nullopt});
  }
  return family;
}

CounterFamily::CounterFamily(std::string name, std::string help, std::vector<std::string> label_names,
                             ChangeTracking tracking)
    : ValueFamily(std::move(name), std::move(help), std::move(label_names), exposition::MetricType::counter,
                  tracking) {}

void CounterFamily::increment(const LabelValues& label_values, double amount) {
  update(label_values, [amount](double& value) { value += amount; });
}

GaugeFamily::GaugeFamily(std::string name, std::string help, std::vector<std::string> label_names,
                         ChangeTracking tracking)
    : ValueFamily(std::move(name), std::move(help), std::move(label_names), exposition::MetricType::gauge, tracking) {}

void GaugeFamily::set(const LabelValues& label_values, double value) {
  update(label_values, [value](double& stored) { stored = value; });
}

void GaugeFamily::remove(const LabelValues& label_values) { erase(label_values); }

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                                 std::vector<double> upper_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      label_names_(std::move(label_names)),
      upper_bounds_(std::move(upper_bounds)) {
  assert(std::is_sorted(upper_bounds_.begin(), upper_bounds_.end()));
  count_change();
}

HistogramFamily::~HistogramFamily() { count_change(); }

void HistogramFamily::observe(const LabelValues& label_values, double value) {
  assert(label_values.size() == label_names_.size());
  // NaN compares false with every bound; like Prometheus's Go client, it counts only in +Inf.
  const auto bucket =
      std::isnan(value) ? upper_bounds_.size()
                        : static_cast<std::size_t>(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) -
                                                   upper_bounds_.begin());
  const std::lock_guard lock(mutex_);
  Series& series = series_[label_values];
  if (series.bucket_counts.empty()) series.bucket_counts.assign(upper_bounds_.size() + 1, 0);
  ++series.bucket_counts[bucket];
  series.sum += value;
  ++series.count;
  count_change();
}

std::uint64_t HistogramFamily::count(const LabelValues& label_values) const {
  const std::lock_guard lock(mutex_);
  const auto it = series_.find(label_values);
  return it == series_.end() ? 0 : it->second.count;
}

exposition::MetricFamily HistogramFamily::collect() const {
  exposition::MetricFamily family{name_, help_, exposition::MetricType::histogram, {}};
  const std::lock_guard lock(mutex_);
  for (const auto& [label_values, series] : series_) {
    const auto labels = labels_of(label_names_, label_values);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) {
      cumulative += series.bucket_counts[i];
      auto bucket_labels = labels;
      bucket_labels.push_back({"le", i < upper_bounds_.size() ? format_bound(upper_bounds_[i]) : "+Inf"});
      family.samples.push_back({std::move(bucket_labels), static_cast<double>(cumulative), std::nullopt, "_bucket"});
    }
    family.samples.push_back({labels, series.sum, std::nullopt, "_sum"});
    family.samples.push_back({labels, static_cast<double>(series.count), std::nullopt, "_count"});
  }
  return family;
}

}  // namespace rds_exporter::telemetry
