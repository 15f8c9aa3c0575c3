#pragma once

#include "collection/series_key.h"
#include "discovery/inventory.h"
#include "publishing/metric_names.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rds_exporter::publishing {

// What names and labels a series of the fleet carries, wherever it leaves the exporter: the /metrics page
// (PrometheusPublisher) and remote write give the same series the same metric name and the same labels.

// The info family's name; no collected metric may take it.
inline constexpr std::string_view kInfoMetricName = "rds_instance_info";

// A configured tag key and the label it becomes.
struct TagLabel {
  std::string key;
  std::string name;
};

// exporter.tag_labels as labels: each key's tag_<key> name, leaving out keys whose name is not a valid label or
// repeats an earlier key's ("team-a" and "team.a" both become tag_team_a).
std::vector<TagLabel> tag_labels_of(const std::vector<std::string>& tag_keys);

// The family name of a metric's series at `statistic` in `scheme` (metric_names.h), with the scale its values
// take; nullopt when the name is not a valid metric name or is the info family's.
std::optional<SeriesName> series_metric_name(const catalog::MetricSpec& metric, std::string_view statistic,
                                             NamingScheme scheme);

// The tags of each watched cluster, by identifier, for its members' tag labels.
class ClusterTags {
 public:
  explicit ClusterTags(const discovery::Inventory& inventory);

  // The tags of the instance's cluster; null outside a watched cluster.
  const aws::Tags* of(const discovery::WatchedInstance& instance) const;

 private:
  std::unordered_map<std::string_view, const aws::Tags*> by_identifier_;
};

std::string_view tag_value(const aws::Tags& tags, std::string_view key);

// A tag the source does not have, or has empty, gets no label: Prometheus reads an empty label as an absent one.
// An Aurora member without the tag takes its cluster's (`inherited`), as discovery's tag filter does: members
// often lack the tags their cluster carries. `labels` is anything with add(name, value).
template <typename Labels>
void add_tag_labels(Labels& labels, const aws::Tags& tags, const aws::Tags* inherited,
                    std::span<const TagLabel> tag_labels) {
  for (const auto& tag_label : tag_labels) {
    auto value = tag_value(tags, tag_label.key);
    if (value.empty() && inherited) value = tag_value(*inherited, tag_label.key);
    if (!value.empty()) labels.add(tag_label.name, value);
  }
}

// The labels every series of an instance carries, in the page's order: aws_account_id, region,
// db_instance_identifier, engine, then the tag labels.
template <typename Labels>
void add_instance_labels(Labels& labels, const discovery::WatchedInstance& instance, const ClusterTags& cluster_tags,
                         std::span<const TagLabel> tag_labels) {
  labels.add("aws_account_id", instance.account_id)
      .add("region", instance.region)
      .add("db_instance_identifier", instance.db.identifier)
      .add("engine", instance.db.engine);
  add_tag_labels(labels, instance.db.tags, cluster_tags.of(instance), tag_labels);
}

// The same for a cluster's series: db_cluster_identifier instead of db_instance_identifier, no inherited tags.
template <typename Labels>
void add_cluster_labels(Labels& labels, const discovery::WatchedCluster& cluster, std::span<const TagLabel> tag_labels) {
  labels.add("aws_account_id", cluster.account_id)
      .add("region", cluster.region)
      .add("db_cluster_identifier", cluster.db.identifier)
      .add("engine", cluster.db.engine);
  add_tag_labels(labels, cluster.db.tags, nullptr, tag_labels);
}

// Appends name="value" pairs, comma-separated, in the text format.
class LabelWriter {
 public:
  // `continuing`: `out` already holds labels, so the first pair is preceded by a comma.
  explicit LabelWriter(std::string& out, bool continuing = false) : out_(out), first_(!continuing) {}

  LabelWriter& add(std::string_view name, std::string_view value);

 private:
  std::string& out_;
  bool first_ = true;
};

// An instance or cluster as its series see it on the page: the labels they all carry, rendered once per publish.
struct Source {
  std::string labels;
  // Position in the order of `labels`, which orders the samples of every family.
  std::size_t rank = 0;
};

// Every source of one inventory with its rendered labels.
class Sources {
 public:
  Sources(const discovery::Inventory& inventory, const ClusterTags& cluster_tags, std::span<const TagLabel> tag_labels);

  // Null for an identifier the inventory does not hold.
  const Source* find(catalog::MetricScope scope, std::string_view identifier) const;

  // Indexes of inventory.instances in label order.
  std::vector<std::size_t> instance_order() const;

 private:
  void rank();

  // The maps point into these vectors, which are sized once and never grow.
  std::vector<Source> instances_;
  std::vector<Source> clusters_;
  std::unordered_map<std::string_view, const Source*> instance_by_identifier_;
  std::unordered_map<std::string_view, const Source*> cluster_by_identifier_;
};

// One label as remote write sends it.
using LabelPair = std::pair<std::string, std::string>;

// For senders other than the page (remote write): each reading's metric name and labels as pairs, `__name__`
// included and every pair sorted by name, as the remote-write protocol wants them. Built once per inventory.
class SeriesLabeler {
 public:
  SeriesLabeler(const discovery::Inventory& inventory, std::span<const TagLabel> tag_labels,
                NamingScheme naming = NamingScheme::prototype);

  // False for a reading whose source the inventory lacks or whose metric has no valid name; `out` is replaced.
  // Safe to call from several threads at once.
  bool labels_of(const collection::Reading& reading, std::vector<LabelPair>& out) const;

  // labels_of, and the reading's value as the page shows it: scaled into the name's unit (the prometheus scheme's
  // milliseconds → seconds); `value` is untouched when it returns false.
  bool sample_of(const collection::Reading& reading, std::vector<LabelPair>& out, double& value) const;

 private:
  NamingScheme naming_;
  std::unordered_map<std::string, std::vector<LabelPair>> instances_;
  std::unordered_map<std::string, std::vector<LabelPair>> clusters_;
};

}  // namespace rds_exporter::publishing
