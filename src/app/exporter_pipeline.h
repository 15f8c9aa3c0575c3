#pragma once

#include "aws/session/aws_session.h"
#include "catalog/metric_selection.h"
#include "collection/cloudwatch_collector.h"
#include "collection/pi_collector.h"
#include "config/settings.h"
#include "discovery/rds_instance_manager.h"
#include "exposition/metric_family.h"
#include "http/providers.h"
#include "publishing/prometheus_publisher.h"
#include "snapshot/collector_metrics.h"
#include "snapshot/rds_metric_collector.h"

#include <chrono>
#include <vector>

namespace rds_exporter::app {

// The tag filter the target section describes: target.tag_key=target.tag_value (unless tag_key is empty) and
// every target.tags condition.
discovery::TagFilter tag_filter_from(const config::Settings::Target& target);

catalog::SelectionRules selection_rules_from(const config::Settings::CloudWatch& cloudwatch);

// The stages from discovery to publishing, built from the configuration around one AWS session:
// RdsInstanceManager → CloudWatchCollector and PiCollector → RdsMetricCollector → PrometheusPublisher.
class ExporterPipeline {
 public:
  ExporterPipeline(const config::Settings& settings, aws::AwsSession& session);

  void start() { collector_.start(); }
  void stop() { collector_.stop(); }

  publishing::RenderedPagePtr page() const { return publisher_.page(); }
  // The self-metrics of every stage, gathered at scrape time (they are few and always changing).
  std::vector<exposition::MetricFamily> self_metrics() const;
  http::Health health() const;
  // Whether the first discovery and collection have finished (see RdsMetricCollector::ready).
  bool ready() const { return collector_.ready(); }

 private:
  // One CloudWatch cycle, with the seed metrics derived from its readings.
  collection::CollectionResult collect_cloudwatch(const discovery::Inventory& inventory,
                                                  std::chrono::system_clock::time_point now);
  // One Performance Insights cycle, on a loop of its own beside CloudWatch's: however long a large fleet's
  // per-instance calls take, and whatever they meet, CloudWatch's values are never held back.
  collection::CollectionResult collect_performance_insights(const discovery::Inventory& inventory,
                                                            std::chrono::system_clock::time_point now);
  std::vector<snapshot::SideCollection> side_collections(const config::Settings& settings);

  aws::AwsSession& session_;
  discovery::RdsInstanceManager instance_manager_;
  catalog::MetricSelection selection_;
  collection::CloudWatchCollector cloudwatch_collector_;
  collection::PiCollector pi_collector_;
  publishing::PrometheusPublisher publisher_;
  snapshot::CollectorMetrics metrics_;
  snapshot::RdsMetricCollector collector_;
};

}  // namespace rds_exporter::app
