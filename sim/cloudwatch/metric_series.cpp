#include "sim/cloudwatch/metric_series.h"

#include "sim/cloudwatch/cloudwatch_api.h"

#include <algorithm>
#include <charconv>
#include <compare>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::string_view kServerlessClass = "db.serverless";

// "db.r6gd.large" -> "r6gd"
std::string_view class_family(std::string_view instance_class) {
  if (instance_class.starts_with("db.")) instance_class.remove_prefix(3);
  return instance_class.substr(0, instance_class.find('.'));
}

// Instance-store (NVMe) classes carry a 'd' among the letters after their generation: m5d, m6gd, r6idn.
bool has_local_nvme_storage(std::string_view instance_class) {
  const std::string_view family = class_family(instance_class);
  const std::size_t generation = family.find_first_of("0123456789");
  return generation != std::string_view::npos && family.find('d', generation) != std::string_view::npos;
}

// "8.0.mysql_aurora.3.07.1" -> "3.07.1"; empty for other engine versions.
std::string_view aurora_mysql_version(std::string_view engine_version) {
  constexpr std::string_view kMarker = "mysql_aurora.";
  const std::size_t at = engine_version.find(kMarker);
  return at == std::string_view::npos ? std::string_view{} : engine_version.substr(at + kMarker.size());
}

// Dotted versions compared part by part as numbers ("3.10.0" is after "3.08.1"); a missing part counts as 0.
std::strong_ordering compare_versions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    unsigned x = 0;
    unsigned y = 0;
    const auto [a_end, a_error] = std::from_chars(a.data(), a.data() + a.size(), x);
    const auto [b_end, b_error] = std::from_chars(b.data(), b.data() + b.size(), y);
    if (x != y) return x <=> y;
    a.remove_prefix(std::min(a.size(), static_cast<std::size_t>(a_end - a.data()) + 1));
    b.remove_prefix(std::min(b.size(), static_cast<std::size_t>(b_end - b.data()) + 1));
  }
  return std::strong_ordering::equal;
}

bool has_all(unsigned requirements, unsigned wanted) { return (requirements & wanted) == wanted; }

bool engine_matches(const MetricDefinition& metric, std::string_view engine) {
  const auto family = engine_family(engine);
  return family && (metric.engines & engine_set(*family)) != 0;
}

bool aurora_mysql_version_matches(const MetricDefinition& metric, std::string_view engine_version) {
  const std::string_view version = aurora_mysql_version(engine_version);
  if (has_all(metric.requirements, kAuroraMySqlV2) && !version.starts_with("2.")) return false;
  if (has_all(metric.requirements, kAuroraMySqlV3) && !version.starts_with("3.")) return false;
  return metric.min_aurora_mysql_version.empty() || compare_versions(version, metric.min_aurora_mysql_version) >= 0;
}

struct InstanceTraits {
  unsigned requirement;
  bool (*holds)(const DbInstance&);
};

constexpr InstanceTraits kInstanceTraits[] = {
    {kBurstableClass, [](const DbInstance& i) { return i.instance_class.starts_with("db.t"); }},
    {kLocalNvmeStorage, [](const DbInstance& i) { return has_local_nvme_storage(i.instance_class); }},
    {kGp2Storage, [](const DbInstance& i) { return i.storage_type == "gp2"; }},
    {kReadReplica, [](const DbInstance& i) { return !i.read_replica_source.empty(); }},
    {kAuroraWriter, [](const DbInstance& i) { return !i.cluster_identifier.empty() && i.cluster_writer; }},
    {kAuroraReader, [](const DbInstance& i) { return !i.cluster_identifier.empty() && !i.cluster_writer; }},
    {kPerformanceInsights, [](const DbInstance& i) { return i.performance_insights_enabled; }},
    {kServerless, [](const DbInstance& i) { return i.instance_class == kServerlessClass; }},
    {kProvisioned, [](const DbInstance& i) { return i.instance_class != kServerlessClass; }},
    {kNotSimulated, [](const DbInstance&) { return false; }},
};

template <class Resource>
MetricSeries series_of(const MetricDefinition& metric, const Resource& resource) {
  return MetricSeries{&metric, resource.identifier, resource.create_time, resource.status != "stopped"};
}

}  // namespace

bool publishes(const MetricDefinition& metric, const DbInstance& instance) {
  if (metric.scope != MetricScope::kInstance || !engine_matches(metric, instance.engine)) return false;
  for (const auto& [requirement, holds] : kInstanceTraits) {
    if (has_all(metric.requirements, requirement) && !holds(instance)) return false;
  }
  return aurora_mysql_version_matches(metric, instance.engine_version);
}

bool publishes(const MetricDefinition& metric, const DbCluster& cluster, const Fleet& fleet) {
  if (metric.scope != MetricScope::kCluster || !engine_matches(metric, cluster.engine)) return false;
  if (has_all(metric.requirements, kNotSimulated)) return false;
  if (has_all(metric.requirements, kServerless)) {
    return std::any_of(cluster.member_identifiers.begin(), cluster.member_identifiers.end(), [&](const auto& id) {
      const DbInstance* member = fleet.find_instance(id);
      return member != nullptr && member->instance_class == kServerlessClass;
    });
  }
  return true;
}

std::optional<MetricSeries> find_series(const Fleet& fleet, std::string_view namespace_name,
                                        std::string_view metric_name, std::span<const Dimension> dimensions) {
  if (namespace_name != kRdsNamespace || dimensions.size() != 1) return std::nullopt;
  const Dimension& dimension = dimensions.front();
  if (dimension.name == kInstanceDimension) {
    const DbInstance* instance = fleet.find_instance(dimension.value);
    if (instance == nullptr || instance->identifier != dimension.value) return std::nullopt;
    const auto family = engine_family(instance->engine);
    const MetricDefinition* metric = family ? find_metric(metric_name, MetricScope::kInstance, *family) : nullptr;
    if (metric == nullptr || !publishes(*metric, *instance)) return std::nullopt;
    return series_of(*metric, *instance);
  }
  if (dimension.name == kClusterDimension) {
    const DbCluster* cluster = fleet.find_cluster(dimension.value);
    if (cluster == nullptr || cluster->identifier != dimension.value) return std::nullopt;
    const auto family = engine_family(cluster->engine);
    const MetricDefinition* metric = family ? find_metric(metric_name, MetricScope::kCluster, *family) : nullptr;
    if (metric == nullptr || !publishes(*metric, *cluster, fleet)) return std::nullopt;
    return series_of(*metric, *cluster);
  }
  return std::nullopt;
}

std::vector<MetricSeries> all_series(const Fleet& fleet) {
  std::vector<MetricSeries> series;
  for (const DbInstance& instance : fleet.instances()) {
    for (const MetricDefinition& metric : metric_definitions()) {
      if (publishes(metric, instance)) series.push_back(series_of(metric, instance));
    }
  }
  for (const DbCluster& cluster : fleet.clusters()) {
    for (const MetricDefinition& metric : metric_definitions()) {
      if (publishes(metric, cluster, fleet)) series.push_back(series_of(metric, cluster));
    }
  }
  return series;
}

}  // namespace rds_exporter::sim::cloudwatch
