#include "app/exporter_pipeline.h"

#include "collection/seed_from_cloudwatch.h"

#include <future>
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
      publisher_({settings.exporter.tag_labels, settings.exporter.export_timestamps}),
      collector_(
          {settings.exporter.collection_interval, settings.target.discovery_interval, settings.exporter.stale_after,
           settings.cloudwatch.period, settings.cloudwatch.delay},
          [this](auto now) { return instance_manager_.discover(now); },
          [this](const discovery::Inventory& inventory, auto now) { return collect(inventory, now); }, publisher_,
          metrics_) {
  if (settings.performance_insights.enabled) {
    pi_collector_.emplace(session.pi(), collection::PiCollectorOptions{settings.aws.max_concurrent_requests});
  }
}

collection::CollectionResult ExporterPipeline::collect(const discovery::Inventory& inventory,
                                                       std::chrono::system_clock::time_point now) {
  std::future<collection::PiCollectionResult> performance_insights;
  if (pi_collector_) {
    performance_insights =
        std::async(std::launch::async, [this, &inventory, now] { return pi_collector_->collect(inventory, now); });
  }
  collection::CollectionResult result = cloudwatch_collector_.collect(inventory, selection_, now);
  std::vector<collection::Reading> derived = collection::seed_readings_from_cloudwatch(result.readings, inventory);
  std::move(derived.begin(), derived.end(), std::back_inserter(result.readings));
  if (performance_insights.valid()) {
    collection::PiCollectionResult pi = performance_insights.get();
    metrics_.record_performance_insights(pi);
    std::move(pi.readings.begin(), pi.readings.end(), std::back_inserter(result.readings));
  }
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
