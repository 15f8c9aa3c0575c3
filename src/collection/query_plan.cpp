#include "collection/query_plan.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <tuple>
#include <stdexcept>
#include <string>

namespace rds_exporter::collection {
namespace {

constexpr std::string_view kNamespace = "AWS/RDS";

// A stopped instance or cluster publishes nothing to CloudWatch.
bool is_stopped(const std::string& status) { return status == "stopped"; }

// One text per statistic for the whole plan, and one per source for all its series: every point and snapshot of
// a series copies its key.
class KeyTexts {
 public:
  const common::SharedText& statistic(const std::string& name) {
    return statistics_.try_emplace(name, common::SharedText(name)).first->second;
  }

 private:
  std::map<std::string, common::SharedText, std::less<>> statistics_;
};

void add_queries(QueryPlan& plan, KeyTexts& texts, const catalog::MetricSelection& selection,
                 catalog::MetricScope scope, const catalog::PublisherTraits& traits, const std::string& identifier) {
  const common::SharedText source(identifier);
  for (const catalog::SelectedMetric& selected : selection.for_source(scope, traits)) {
    plan.series.push_back(SeriesKey{.source_identifier = source,
                                    .metric = selected.metric,
                                    .statistic = texts.statistic(selected.statistic),
                                    .scope = scope});
  }
}

// Calls `source(scope, traits, identifier)` for every instance and cluster the plan asks about: stopped ones
// publish nothing, but a query for them is billed all the same.
template <typename Source>
void for_each_running_source(const discovery::Inventory& inventory, const Source& source) {
  for (const discovery::WatchedInstance& instance : inventory.instances) {
    if (is_stopped(instance.db.status)) continue;
    source(catalog::MetricScope::instance, instance.traits, instance.db.identifier);
  }
  for (const discovery::WatchedCluster& cluster : inventory.clusters) {
    if (is_stopped(cluster.db.status)) continue;
    source(catalog::MetricScope::cluster, cluster.traits, cluster.db.identifier);
  }
}

}  // namespace

QueryPlan build_query_plan(const discovery::Inventory& inventory, const catalog::MetricSelection& selection,
                           std::chrono::seconds period) {
  QueryPlan plan;
  plan.period = period;
  // Counted first, so that the series (40 bytes each, 16,000 at 1,000 instances) are held once, without the
  // doubling of a growing vector.
  std::size_t size = 0;
  for_each_running_source(inventory, [&](catalog::MetricScope scope, const catalog::PublisherTraits& traits,
                                         const std::string&) { size += selection.for_source(scope, traits).size(); });
  plan.series.reserve(size);
  KeyTexts texts;
  for_each_running_source(inventory, [&](catalog::MetricScope scope, const catalog::PublisherTraits& traits,
                                         const std::string& identifier) {
    add_queries(plan, texts, selection, scope, traits, identifier);
  });
  return plan;
}

aws::MetricDataQuery QueryPlan::query(std::size_t i) const {
  const SeriesKey& key = series.at(i);
  const char* dimension =
      key.scope == catalog::MetricScope::instance ? "DBInstanceIdentifier" : "DBClusterIdentifier";
  return aws::MetricDataQuery{"q" + std::to_string(i),
                              std::string(kNamespace),
                              std::string(key.metric->name),
                              {{dimension, key.source_identifier.str()}},
                              static_cast<int>(period.count()),
                              key.statistic.str()};
}

std::size_t billed_metrics(std::span<const aws::MetricDataQuery> queries) {
  constexpr std::size_t kStatisticsPerMetric = 5;
  std::map<std::tuple<std::string_view, std::string_view, std::vector<std::pair<std::string, std::string>>>,
           std::size_t>
      statistics;
  for (const aws::MetricDataQuery& query : queries) {
    auto dimensions = query.dimensions;
    std::sort(dimensions.begin(), dimensions.end());
    ++statistics[{query.namespace_name, query.metric_name, std::move(dimensions)}];
  }
  std::size_t billed = 0;
  for (const auto& [metric, count] : statistics) billed += (count + kStatisticsPerMetric - 1) / kStatisticsPerMetric;
  return billed;
}

long plan_index(std::string_view query_id, std::size_t plan_size) {
  if (query_id.size() < 2 || query_id.front() != 'q') return -1;
  const std::string_view digits = query_id.substr(1);
  // The plan writes indices without leading zeros; "q01" is not an id it made.
  if (digits.size() > 1 && digits.front() == '0') return -1;
  unsigned long index = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (error != std::errc{} || end != digits.data() + digits.size()) return -1;
  if (index >= plan_size || index > static_cast<unsigned long>(std::numeric_limits<long>::max())) return -1;
  return static_cast<long>(index);
}

}  // namespace rds_exporter::collection
