#include "publishing/series_labels.h"

#include "exposition/names.h"
#include "exposition/text_escaping.h"
#include "publishing/metric_names.h"

#include <algorithm>
#include <unordered_set>

namespace rds_exporter::publishing {

std::vector<TagLabel> tag_labels_of(const std::vector<std::string>& tag_keys) {
  std::vector<TagLabel> labels;
  std::unordered_set<std::string> names;
  for (const auto& key : tag_keys) {
    std::string name = tag_label_name(key);
    // Two keys can become one name ("team-a" and "team.a"): a repeated label would make the whole page invalid.
    if (!exposition::is_valid_label_name(name) || !names.insert(name).second) continue;
    labels.push_back({key, std::move(name)});
  }
  return labels;
}

std::optional<SeriesName> series_metric_name(const catalog::MetricSpec& metric, std::string_view statistic,
                                             NamingScheme scheme) {
  // Enhanced Monitoring's OS metrics have one name in every scheme, their values already in base units.
  if (!metric.exposed_name.empty()) {
    if (!exposition::is_valid_metric_name(metric.exposed_name) || metric.exposed_name == kInfoMetricName) {
      return std::nullopt;
    }
    return SeriesName{std::string(metric.exposed_name), ValueScale{}, {}};
  }
  // The table's row without a copy: remote write names every point this way.
  const MetricNaming* row = find_naming(metric);
  SeriesName name = row ? series_name(*row, statistic, scheme) : series_name(naming_of(metric), statistic, scheme);
  if (!exposition::is_valid_metric_name(name.name) || name.name == kInfoMetricName) return std::nullopt;
  return name;
}

ClusterTags::ClusterTags(const discovery::Inventory& inventory) {
  for (const auto& cluster : inventory.clusters) by_identifier_.emplace(cluster.db.identifier, &cluster.db.tags);
}

const aws::Tags* ClusterTags::of(const discovery::WatchedInstance& instance) const {
  if (!instance.db.cluster_identifier) return nullptr;
  const auto found = by_identifier_.find(*instance.db.cluster_identifier);
  return found == by_identifier_.end() ? nullptr : found->second;
}

std::string_view tag_value(const aws::Tags& tags, std::string_view key) {
  for (const auto& [tag_key, value] : tags) {
    if (tag_key == key) return value;
  }
  return {};
}

LabelWriter& LabelWriter::add(std::string_view name, std::string_view value) {
  if (!first_) out_ += ',';
  first_ = false;
  out_ += name;
  out_ += "=\"";
  exposition::append_escaped(out_, value, true);
  out_ += '"';
  return *this;
}

Sources::Sources(const discovery::Inventory& inventory, const ClusterTags& cluster_tags,
                 std::span<const TagLabel> tag_labels) {
  instances_.reserve(inventory.instances.size());
  for (const auto& instance : inventory.instances) {
    Source& source = instances_.emplace_back();
    LabelWriter labels(source.labels);
    add_instance_labels(labels, instance, cluster_tags, tag_labels);
    instance_by_identifier_.emplace(instance.db.identifier, &source);
  }
  clusters_.reserve(inventory.clusters.size() + inventory.multi_az_clusters.size());
  for (const auto* watched : {&inventory.clusters, &inventory.multi_az_clusters}) {
    for (const auto& cluster : *watched) {
      Source& source = clusters_.emplace_back();
      LabelWriter labels(source.labels);
      add_cluster_labels(labels, cluster, tag_labels);
      cluster_by_identifier_.emplace(cluster.db.identifier, &source);
    }
  }
  rank();
}

const Source* Sources::find(catalog::MetricScope scope, std::string_view identifier) const {
  const auto& by_identifier = scope == catalog::MetricScope::cluster ? cluster_by_identifier_ : instance_by_identifier_;
  const auto found = by_identifier.find(identifier);
  return found == by_identifier.end() ? nullptr : found->second;
}

std::vector<std::size_t> Sources::instance_order() const {
  std::vector<std::size_t> order(instances_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return instances_[a].rank < instances_[b].rank; });
  return order;
}

void Sources::rank() {
  std::vector<Source*> all;
  all.reserve(instances_.size() + clusters_.size());
  for (auto& source : instances_) all.push_back(&source);
  for (auto& source : clusters_) all.push_back(&source);
  std::sort(all.begin(), all.end(), [](const Source* a, const Source* b) { return a->labels < b->labels; });
  for (std::size_t i = 0; i < all.size(); ++i) all[i]->rank = i;
}

namespace {

// Collects add(name, value) calls as pairs.
struct PairWriter {
  std::vector<LabelPair>& pairs;
  PairWriter& add(std::string_view name, std::string_view value) {
    pairs.emplace_back(std::string(name), std::string(value));
    return *this;
  }
};

void sort_by_name(std::vector<LabelPair>& pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const LabelPair& a, const LabelPair& b) { return a.first < b.first; });
}

}  // namespace

SeriesLabeler::SeriesLabeler(const discovery::Inventory& inventory, std::span<const TagLabel> tag_labels,
                             NamingScheme naming)
    : naming_(naming) {
  const ClusterTags cluster_tags(inventory);
  for (const auto& instance : inventory.instances) {
    auto& pairs = instances_[instance.db.identifier];
    PairWriter writer{pairs};
    add_instance_labels(writer, instance, cluster_tags, tag_labels);
  }
  for (const auto& cluster : inventory.clusters) {
    auto& pairs = clusters_[cluster.db.identifier];
    PairWriter writer{pairs};
    add_cluster_labels(writer, cluster, tag_labels);
  }
}

bool SeriesLabeler::labels_of(const collection::Reading& reading, std::vector<LabelPair>& out) const {
  double value = 0;
  return sample_of(reading, out, value);
}

bool SeriesLabeler::sample_of(const collection::Reading& reading, std::vector<LabelPair>& out, double& value) const {
  if (reading.key.metric == nullptr) return false;
  const auto& by_identifier = reading.key.scope == catalog::MetricScope::cluster ? clusters_ : instances_;
  const auto found = by_identifier.find(reading.key.source_identifier);
  if (found == by_identifier.end()) return false;
  auto name = series_metric_name(*reading.key.metric, reading.key.statistic, naming_);
  if (!name) return false;
  out.clear();
  out.reserve(found->second.size() + 1);
  out.emplace_back("__name__", std::move(name->name));
  out.insert(out.end(), found->second.begin(), found->second.end());
  out.insert(out.end(), reading.key.labels.begin(), reading.key.labels.end());
  sort_by_name(out);
  value = name->scale.apply(reading.value);
  return true;
}

}  // namespace rds_exporter::publishing
