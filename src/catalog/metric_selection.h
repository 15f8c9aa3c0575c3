#pragma once

#include "catalog/metric_catalog.h"

#include <map>
#include <string>
#include <vector>

namespace rds_exporter::catalog {

// One metric to collect and the CloudWatch statistic to ask for it.
struct SelectedMetric {
  const MetricSpec* metric = nullptr;
  std::string statistic;
};

// What the configuration says to collect (cloudwatch.stat, cloudwatch.metrics.add/drop/statistics), already
// validated by the configuration loader: every name here is a catalog name.
struct SelectionRules {
  std::string default_statistic = "Average";
  std::vector<std::string> add;
  std::vector<std::string> drop;
  // Metric name → statistic, overriding default_statistic for that metric.
  std::map<std::string, std::string> statistics;
};

// The metrics to collect, resolved once at start-up from the configuration and the catalog.
class MetricSelection {
 public:
  explicit MetricSelection(const SelectionRules& rules);

  // The selected metrics CloudWatch publishes for a source with these traits at `scope`, in catalog order.
  std::vector<SelectedMetric> for_source(MetricScope scope, const PublisherTraits& traits) const;

  // Every selected metric, in catalog order (for documentation and --check-config).
  const std::vector<SelectedMetric>& all() const { return selected_; }

 private:
  std::vector<SelectedMetric> selected_;
};

}  // namespace rds_exporter::catalog
