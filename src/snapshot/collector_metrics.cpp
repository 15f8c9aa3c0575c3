#include "snapshot/collector_metrics.h"

namespace rds_exporter::snapshot {
namespace {

double unix_seconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

}  // namespace

CollectorMetrics::CollectorMetrics()
    : discovery_duration_("rds_exporter_discovery_duration_seconds",
                          "Time the last discovery (DescribeDBInstances and DescribeDBClusters, every page) took.", {}),
      last_discovery_success_("rds_exporter_last_discovery_success_timestamp_seconds",
                              "When discovery last succeeded, in seconds since the Unix epoch.", {}),
      discoveries_("rds_exporter_discoveries_total", "Discoveries run, by result (success or failure).", {"result"}),
      instances_discovered_("rds_exporter_instances_discovered",
                            "RDS instances watched: listed, of an RDS engine, and matching the tag filter.", {}),
      clusters_discovered_("rds_exporter_clusters_discovered", "Aurora clusters watched.", {}),
      instances_skipped_("rds_exporter_instances_skipped",
                         "Instances the last discovery listed but does not watch, by reason (other_engine: Neptune "
                         "or DocumentDB; tag_filter: not matching target.tag_key/tag_value/tags).",
                         {"reason"}),
      collection_duration_("rds_exporter_collection_duration_seconds",
                           "Time the last CloudWatch collection cycle took.", {}),
      last_collection_success_("rds_exporter_last_collection_success_timestamp_seconds",
                               "When a collection cycle last succeeded (every GetMetricData call answered), in "
                               "seconds since the Unix epoch.",
                               {}),
      collections_("rds_exporter_collections_total",
                   "Collection cycles run, by result (success; partial: some series failed; failure: some "
                   "GetMetricData calls failed).",
                   {"result"}),
      queries_("rds_exporter_cloudwatch_queries", "MetricDataQueries in the last collection cycle's plan.", {}),
      get_metric_data_calls_("rds_exporter_cloudwatch_get_metric_data_calls",
                             "GetMetricData calls the last collection cycle made: ceil(queries / 500).", {}),
      get_metric_data_calls_total_("rds_exporter_cloudwatch_get_metric_data_calls_total",
                                   "GetMetricData calls answered since start.", {}),
      metrics_requested_("rds_exporter_cloudwatch_metrics_requested_total",
                         "Metrics requested from GetMetricData since start, counted as CloudWatch bills them "
                         "(USD 0.01 per 1,000 in most regions).",
                         {}),
      failed_series_("rds_exporter_cloudwatch_failed_series",
                     "Queries of the last cycle whose result said Forbidden or InternalError.", {}),
      pi_calls_("rds_exporter_pi_get_resource_metrics_calls",
                "Performance Insights GetResourceMetrics calls the last collection cycle made (one per instance "
                "with Performance Insights on whose engine has seed metrics there).",
                {}),
      pi_calls_total_("rds_exporter_pi_calls_total", "Performance Insights calls answered since start, by operation.",
                      {"operation"}),
      pi_errors_("rds_exporter_pi_errors_total",
                 "Performance Insights calls that failed after their retries; those instances' seed metrics keep "
                 "their last values until exporter.stale_after.",
                 {}),
      pi_instances_off_("rds_exporter_pi_instances_disabled",
                        "Watched instances whose engine has seed metrics in Performance Insights but which have it "
                        "turned off, so they have none of those series.",
                        {}),
      series_("rds_exporter_series", "RDS series /metrics serves now (rds_instance_info excluded).", {}),
      series_expired_("rds_exporter_series_expired_total",
                      "Series dropped because their newest value grew older than exporter.stale_after.", {}) {
  // Counters exist from the start at 0, so that rate() and increase() see their first increment.
  for (const char* result : {"success", "failure"}) discoveries_.increment({result}, 0);
  for (const char* result : {"success", "partial", "failure"}) collections_.increment({result}, 0);
  get_metric_data_calls_total_.increment({}, 0);
  metrics_requested_.increment({}, 0);
  series_expired_.increment({}, 0);
  for (const char* operation : {"GetResourceMetrics", "ListAvailableResourceMetrics"}) {
    pi_calls_total_.increment({operation}, 0);
  }
  pi_errors_.increment({}, 0);
}

void CollectorMetrics::record_discovery(const discovery::Inventory& inventory, double seconds) {
  discovery_duration_.set({}, seconds);
  last_discovery_success_.set({}, unix_seconds(inventory.discovered_at));
  discoveries_.increment({"success"});
  instances_discovered_.set({}, static_cast<double>(inventory.instances.size()));
  clusters_discovered_.set({}, static_cast<double>(inventory.clusters.size()));
  instances_skipped_.set({"other_engine"}, inventory.skipped_other_engines);
  instances_skipped_.set({"tag_filter"}, inventory.skipped_by_filter);
}

void CollectorMetrics::record_discovery_failure(double seconds) {
  discovery_duration_.set({}, seconds);
  discoveries_.increment({"failure"});
}

void CollectorMetrics::record_collection(const collection::CollectionResult& result, double seconds) {
  collection_duration_.set({}, seconds);
  const char* outcome = result.failed_batches > 0 ? "failure" : result.failed_series > 0 ? "partial" : "success";
  collections_.increment({outcome});
  if (result.failed_batches == 0) {
    last_collection_success_.set({}, unix_seconds(std::chrono::system_clock::now()));
  }
  queries_.set({}, static_cast<double>(result.queries));
  get_metric_data_calls_.set({}, result.get_metric_data_calls);
  get_metric_data_calls_total_.increment({}, result.get_metric_data_calls);
  metrics_requested_.increment({}, static_cast<double>(result.metrics_requested));
  failed_series_.set({}, result.failed_series);
}

void CollectorMetrics::record_performance_insights(const collection::PiCollectionResult& result) {
  pi_calls_.set({}, result.get_resource_metrics_calls);
  pi_calls_total_.increment({"GetResourceMetrics"}, result.get_resource_metrics_calls);
  pi_calls_total_.increment({"ListAvailableResourceMetrics"}, result.list_available_calls);
  pi_errors_.increment({}, result.failed_calls);
  pi_instances_off_.set({}, result.instances_with_pi_off);
}

void CollectorMetrics::record_series(std::size_t series, std::size_t expired) {
  series_.set({}, static_cast<double>(series));
  if (expired > 0) series_expired_.increment({}, static_cast<double>(expired));
}

std::vector<exposition::MetricFamily> CollectorMetrics::collect() const {
  std::vector<exposition::MetricFamily> families;
  for (const telemetry::ValueFamily* family :
       std::initializer_list<const telemetry::ValueFamily*>{&discovery_duration_,
                                                            &last_discovery_success_,
                                                            &discoveries_,
                                                            &instances_discovered_,
                                                            &clusters_discovered_,
                                                            &instances_skipped_,
                                                            &collection_duration_,
                                                            &last_collection_success_,
                                                            &collections_,
                                                            &queries_,
                                                            &get_metric_data_calls_,
                                                            &get_metric_data_calls_total_,
                                                            &metrics_requested_,
                                                            &failed_series_,
                                                            &pi_calls_,
                                                            &pi_calls_total_,
                                                            &pi_errors_,
                                                            &pi_instances_off_,
                                                            &series_,
                                                            &series_expired_}) {
    families.push_back(family->collect());
  }
  return families;
}

}  // namespace rds_exporter::snapshot
