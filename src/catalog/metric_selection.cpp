#include "catalog/metric_selection.h"

#include <algorithm>

namespace rds_exporter::catalog {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

MetricSelection::MetricSelection(const SelectionRules& rules) {
  for (const MetricSpec& metric : metric_catalog()) {
    const bool selected =
        (metric.collected_by_default && !contains(rules.drop, metric.name)) || contains(rules.add, metric.name);
    if (!selected) continue;
    const auto statistic = rules.statistics.find(std::string(metric.name));
    selected_.push_back({&metric, statistic == rules.statistics.end() ? rules.default_statistic : statistic->second});
  }
}

std::vector<SelectedMetric> MetricSelection::for_source(MetricScope scope, const PublisherTraits& traits) const {
  std::vector<SelectedMetric> published;
  for (const SelectedMetric& selected : selected_) {
    if (selected.metric->scope == scope && publishes(*selected.metric, traits)) published.push_back(selected);
  }
  return published;
}

}  // namespace rds_exporter::catalog
