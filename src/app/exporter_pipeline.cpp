#include "app/exporter_pipeline.h"

#include "collection/seed_from_cloudwatch.h"

#include <iterator>

namespace rds_exporter::app {

discovery::TagFilter tag_filter_from(const config::Settings::Target& target) {
  std::vector<discovery::TagCondition> conditions;
  if (!target.tag_key.empty()) conditions.push_back({target.tag_key, {target.tag_value}});
  for (const config::TagRule& rule : target.tags) conditions.push_back({rule.key, rule.values});
  return discovery::TagFilter(std::move(conditions));
}

catalog::SelectionRules selection_rules_from(const config::Settings::CloudWatch& cloudwatch) {
  return {cloudwatch.stat, cloudwatch.metrics.add, cloudwatch.metrics.drop, cloudwatch.metrics.statistics};
}

ExporterPipeline::ExporterPipeline(const config::Settings& settings, aws::AwsSession& session)
    : session_(session),
      instance_manager_(session.rds(), tag_filter_from(settings.target)),
      selection_(selection_rules_from(settings.cloudwatch)),
      cloudwatch_collector_(session.cloudwatch(), {settings.cloudwatch.period, settings.cloudwatch.delay,
                                                   settings.aws.max_concurrent_requests}),
      pi_collector_(session.pi(), {settings.aws.max_concurrent_requests}),
      publisher_({settings.exporter.tag_labels, settings.exporter.export_timestamps}),
      collector_(
          {settings.exporter.collection_interval, settings.target.discovery_interval, settings.exporter.stale_after,
           settings.cloudwatch.period, settings.cloudwatch.delay},
          [this](auto now) { return instance_manager_.discover(now); },
          [this](const discovery::Inventory& inventory, auto now) { return collect_cloudwatch(inventory, now); },
          publisher_, metrics_, side_collections(settings)) {}

std::vector<snapshot::SideCollection> ExporterPipeline::side_collections(const config::Settings& settings) {
  if (!settings.performance_insights.enabled) return {};
  return {{[this](const discovery::Inventory& inventory, auto now) {
    return collect_performance_insights(inventory, now);
  }}};
}

collection::CollectionResult ExporterPipeline::collect_cloudwatch(const discovery::Inventory& inventory,
                                                                  std::chrono::system_clock::time_point now) {
  collection::CollectionResult result = cloudwatch_collector_.collect(inventory, selection_, now);
  std::vector<collection::Reading> derived = collection::seed_readings_from_cloudwatch(result.readings, inventory);
  std::move(derived.begin(), derived.end(), std::back_inserter(result.readings));
  return result;
}

collection::CollectionResult ExporterPipeline::collect_performance_insights(const discovery::Inventory& inventory,
                                                                            std::chrono::system_clock::time_point now) {
  collection::PiCollectionResult pi = pi_collector_.collect(inventory, now);
  metrics_.record_performance_insights(pi);
  collection::CollectionResult result;
  result.readings = std::move(pi.readings);
  return result;
}

std::vector<exposition::MetricFamily> ExporterPipeline::self_metrics() const {
  std::vector<exposition::MetricFamily> families = metrics_.collect();
  for (auto& family : session_.metrics().collect()) families.push_back(std::move(family));
  return families;
}

http::Health ExporterPipeline::health() const {
  const snapshot::CollectorHealth health = collector_.health();
  return {health.healthy, health.reason};
}

}  // namespace rds_exporter::app
