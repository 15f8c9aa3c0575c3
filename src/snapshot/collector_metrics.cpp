#include "snapshot/collector_metrics.h"

namespace rds_exporter::snapshot {
namespace {

double unix_seconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

telemetry::LabelValues key(const aws::ScopeLabels& scope) { return {scope.account_id, scope.region}; }

telemetry::LabelValues key(const aws::ScopeLabels& scope, std::string label) {
  return {scope.account_id, scope.region, std::move(label)};
}

}  // namespace

CollectorMetrics::CollectorMetrics()
    : discovery_duration_("rds_exporter_discovery_duration_seconds",
                          "Time the last discovery (DescribeDBInstances and DescribeDBClusters, every page) took.", {"aws_account_id", "region"}),
      last_discovery_success_("rds_exporter_last_discovery_success_timestamp_seconds",
                              "When discovery last succeeded, in seconds since the Unix epoch.", {"aws_account_id", "region"}),
      discoveries_("rds_exporter_discoveries_total", "Discoveries run, by result (success or failure).", {"aws_account_id", "region", "result"}),
      instances_discovered_("rds_exporter_instances_discovered",
                            "RDS instances watched: listed, of an RDS engine, and matching the tag filter.", {"aws_account_id", "region"}),
      clusters_discovered_("rds_exporter_clusters_discovered", "Aurora clusters watched.", {"aws_account_id", "region"}),
      instances_skipped_("rds_exporter_instances_skipped",
                         "Instances the last discovery listed but does not watch, by reason (other_engine: Neptune "
                         "or DocumentDB; tag_filter: not matching target.tag_key/tag_value/tags).",
                         {"aws_account_id", "region", "reason"}),
      collection_duration_("rds_exporter_collection_duration_seconds",
                           "Time the last CloudWatch collection cycle took.", {"aws_account_id", "region"}),
      last_collection_success_("rds_exporter_last_collection_success_timestamp_seconds",
                               "When a collection cycle last succeeded (every GetMetricData call answered), in "
                               "seconds since the Unix epoch.", {"aws_account_id", "region"}),
      collections_("rds_exporter_collections_total",
                   "Collection cycles run, by result (success; partial: some series failed; failure: some "
                   "GetMetricData calls failed).",
                   {"aws_account_id", "region", "result"}),
      queries_("rds_exporter_cloudwatch_queries",
               "MetricDataQueries the last collection cycle sent (series whose next point cannot exist yet are not "
               "asked).",
               {"aws_account_id", "region"}),
      points_("rds_exporter_cloudwatch_points_total",
              "New datapoints the CloudWatch collection brought since start (every point of every series, not only the "
              "newest; seed metrics derived from CloudWatch included).",
              {"aws_account_id", "region"}),
      replay_skipped_("rds_exporter_replay_skipped_points_total",
                      "exporter.delivery replay: collected points /metrics never showed, because the next point of "
                      "their series was already due (the first cycle's window, failed cycles, a pause).",
                      {"aws_account_id", "region"}),
      get_metric_data_calls_("rds_exporter_cloudwatch_last_cycle_get_metric_data_calls",
                             "GetMetricData calls the last collection cycle made: ceil(queries / 500).", {"aws_account_id", "region"}),
      get_metric_data_calls_total_("rds_exporter_cloudwatch_get_metric_data_calls_total",
                                   "GetMetricData calls answered since start.", {"aws_account_id", "region"}),
      metrics_requested_("rds_exporter_cloudwatch_metrics_requested_total",
                         "Metrics requested from GetMetricData since start, counted as CloudWatch bills them "
                         "(USD 0.01 per 1,000 in most regions).", {"aws_account_id", "region"}),
      failed_series_("rds_exporter_cloudwatch_failed_series",
                     "Queries of the last cycle whose result said Forbidden or InternalError.", {"aws_account_id", "region"}),
      pi_calls_("rds_exporter_pi_get_resource_metrics_calls",
                "Performance Insights GetResourceMetrics calls the last collection cycle made (one per instance "
                "with Performance Insights on whose engine has seed metrics there).", {"aws_account_id", "region"}),
      pi_calls_total_("rds_exporter_pi_calls_total", "Performance Insights calls answered since start, by operation.",
                      {"aws_account_id", "region", "operation"}),
      pi_errors_("rds_exporter_pi_errors_total",
                 "Performance Insights calls that failed after their retries; those instances' seed metrics keep "
                 "their last values until exporter.stale_after.", {"aws_account_id", "region"}),
      pi_instances_off_("rds_exporter_pi_instances_disabled",
                        "Watched instances whose engine has seed metrics in Performance Insights but which have it "
                        "turned off, so they have none of those series.", {"aws_account_id", "region"}),
      em_calls_("rds_exporter_enhanced_monitoring_last_cycle_filter_log_events_calls",
                "CloudWatch Logs FilterLogEvents calls (pages) the last Enhanced Monitoring cycle made: "
                "ceil(streams / 100) in steady state.",
                {"aws_account_id", "region"}),
      em_calls_total_("rds_exporter_enhanced_monitoring_filter_log_events_calls_total",
                      "CloudWatch Logs FilterLogEvents calls (pages) answered since start.", {"aws_account_id", "region"}),
      em_errors_("rds_exporter_enhanced_monitoring_errors_total",
                 "FilterLogEvents calls that failed after their retries, ResourceNotFoundException included (a batch "
                 "with a missing stream, split until the stream is alone).",
                 {"aws_account_id", "region"}),
      em_missing_("rds_exporter_enhanced_monitoring_missing_streams_total",
                  "Times an instance's Enhanced Monitoring stream was found missing (ResourceNotFoundException): its "
                  "OS metrics vanish after exporter.stale_after and it is asked again, alone, ten minutes later.",
                  {"aws_account_id", "region"}),
      em_streams_("rds_exporter_enhanced_monitoring_streams",
                  "Enhanced Monitoring streams of watched instances after the last cycle, by state (reading; missing: "
                  "ResourceNotFoundException; stale: no event for three of the instance's intervals).",
                  {"aws_account_id", "region", "state"}),
      em_documents_("rds_exporter_enhanced_monitoring_documents_total",
                    "Enhanced Monitoring documents read since start, by result (read; malformed: not a JSON object, "
                    "skipped).",
                    {"aws_account_id", "region", "result"}),
      series_("rds_exporter_series", "RDS series /metrics serves now, the inventory's included (rds_instance_info and rds_cluster_info excluded).", {"aws_account_id", "region"}),
      series_expired_("rds_exporter_series_expired_total",
                      "Series dropped because their newest value grew older than exporter.stale_after.", {"aws_account_id", "region"}),
      scope_up_("rds_exporter_scope_up",
                "1 when the scope's last discovery and CloudWatch collection both succeeded, else 0.",
                {"aws_account_id", "region"}),
      scopes_("rds_exporter_scopes", "Scopes (account and region pairs) watched.", {}),
      internal_errors_("rds_exporter_internal_errors_total",
                       "Unexpected errors caught in a worker loop, by component; the loop went on at its next tick.",
                       {"component"}) {
  for (const char* component : {"discovery", "cloudwatch", "performance_insights", "scopes", "render"}) {
    internal_errors_.increment({component}, 0);
  }
  scopes_.set({}, 0);
}

void CollectorMetrics::add_scope(const aws::ScopeLabels& scope) {
  // Counters exist from the start at 0, so that rate() and increase() see their first increment.
  for (const char* result : {"success", "failure"}) discoveries_.increment(key(scope, result), 0);
  for (const char* result : {"success", "partial", "failure"}) collections_.increment(key(scope, result), 0);
  get_metric_data_calls_total_.increment(key(scope), 0);
  metrics_requested_.increment(key(scope), 0);
  points_.increment(key(scope), 0);
  replay_skipped_.increment(key(scope), 0);
  series_expired_.increment(key(scope), 0);
  for (const char* operation : {"GetResourceMetrics", "ListAvailableResourceMetrics"}) {
    pi_calls_total_.increment(key(scope, operation), 0);
  }
  pi_errors_.increment(key(scope), 0);
  em_calls_total_.increment(key(scope), 0);
  em_errors_.increment(key(scope), 0);
  em_missing_.increment(key(scope), 0);
  for (const char* result : {"read", "malformed"}) em_documents_.increment(key(scope, result), 0);
}

void CollectorMetrics::record_enhanced_monitoring(const aws::ScopeLabels& scope,
                                                  const collection::EnhancedMonitoringResult& result) {
  em_calls_.set(key(scope), result.filter_log_events_calls);
  em_calls_total_.increment(key(scope), result.filter_log_events_calls);
  em_errors_.increment(key(scope), result.failed_calls);
  em_missing_.increment(key(scope), result.streams_found_missing);
  em_streams_.set(key(scope, "reading"), result.streams.reading);
  em_streams_.set(key(scope, "missing"), result.streams.missing);
  em_streams_.set(key(scope, "stale"), result.streams.stale);
  em_documents_.increment(key(scope, "read"), result.documents - result.malformed_documents);
  em_documents_.increment(key(scope, "malformed"), result.malformed_documents);
}

void CollectorMetrics::record_discovery(const aws::ScopeLabels& scope, const discovery::Inventory& inventory, double seconds) {
  discovery_duration_.set(key(scope), seconds);
  last_discovery_success_.set(key(scope), unix_seconds(inventory.discovered_at));
  discoveries_.increment(key(scope, "success"));
  instances_discovered_.set(key(scope), static_cast<double>(inventory.instances.size()));
  clusters_discovered_.set(key(scope), static_cast<double>(inventory.clusters.size()));
  instances_skipped_.set(key(scope, "other_engine"), inventory.skipped_other_engines);
  instances_skipped_.set(key(scope, "tag_filter"), inventory.skipped_by_filter);
}

void CollectorMetrics::record_discovery_failure(const aws::ScopeLabels& scope, double seconds) {
  discovery_duration_.set(key(scope), seconds);
  discoveries_.increment(key(scope, "failure"));
}

void CollectorMetrics::record_collection(const aws::ScopeLabels& scope, const collection::CollectionResult& result, double seconds) {
  collection_duration_.set(key(scope), seconds);
  const char* outcome = result.failed_batches > 0 ? "failure" : result.failed_series > 0 ? "partial" : "success";
  collections_.increment(key(scope, outcome));
  if (result.failed_batches == 0) {
    last_collection_success_.set(key(scope), unix_seconds(std::chrono::system_clock::now()));
  }
  queries_.set(key(scope), static_cast<double>(result.queries));
  get_metric_data_calls_.set(key(scope), result.get_metric_data_calls);
  get_metric_data_calls_total_.increment(key(scope), result.get_metric_data_calls);
  metrics_requested_.increment(key(scope), static_cast<double>(result.metrics_requested));
  points_.increment(key(scope), static_cast<double>(result.points));
  failed_series_.set(key(scope), result.failed_series);
}

void CollectorMetrics::record_performance_insights(const aws::ScopeLabels& scope, const collection::PiCollectionResult& result) {
  pi_calls_.set(key(scope), result.get_resource_metrics_calls);
  pi_calls_total_.increment(key(scope, "GetResourceMetrics"), result.get_resource_metrics_calls);
  pi_calls_total_.increment(key(scope, "ListAvailableResourceMetrics"), result.list_available_calls);
  pi_errors_.increment(key(scope), result.failed_calls);
  pi_instances_off_.set(key(scope), result.instances_with_pi_off);
}

void CollectorMetrics::record_replay_skipped(const aws::ScopeLabels& scope, std::size_t points) {
  replay_skipped_.increment(key(scope), static_cast<double>(points));
}

void CollectorMetrics::record_series(const aws::ScopeLabels& scope, std::size_t series, std::size_t expired) {
  series_.set(key(scope), static_cast<double>(series));
  if (expired > 0) series_expired_.increment(key(scope), static_cast<double>(expired));
}

void CollectorMetrics::record_scope_up(const aws::ScopeLabels& scope, bool up) {
  scope_up_.set(key(scope), up ? 1 : 0);
}

void CollectorMetrics::forget_scope(const aws::ScopeLabels& scope, bool for_good) {
  for (telemetry::GaugeFamily* family :
       {&discovery_duration_, &last_discovery_success_, &instances_discovered_, &clusters_discovered_,
        &instances_skipped_, &collection_duration_, &last_collection_success_, &queries_, &get_metric_data_calls_,
        &failed_series_, &pi_calls_, &pi_instances_off_, &em_calls_, &em_streams_, &series_, &scope_up_}) {
    family->remove_prefixed(key(scope));
  }
  if (!for_good) return;
  for (telemetry::CounterFamily* family :
       {&discoveries_, &collections_, &points_, &replay_skipped_, &get_metric_data_calls_total_, &metrics_requested_,
        &pi_calls_total_, &pi_errors_, &em_calls_total_, &em_errors_, &em_missing_, &em_documents_, &series_expired_}) {
    family->remove_prefixed(key(scope));
  }
}

void CollectorMetrics::record_scopes(std::size_t count) { scopes_.set({}, static_cast<double>(count)); }

void CollectorMetrics::record_internal_error(std::string_view component) {
  internal_errors_.increment({std::string(component)});
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
                                                            &points_,
                                                            &replay_skipped_,
                                                            &get_metric_data_calls_,
                                                            &get_metric_data_calls_total_,
                                                            &metrics_requested_,
                                                            &failed_series_,
                                                            &pi_calls_,
                                                            &pi_calls_total_,
                                                            &pi_errors_,
                                                            &pi_instances_off_,
                                                            &em_calls_,
                                                            &em_calls_total_,
                                                            &em_errors_,
                                                            &em_missing_,
                                                            &em_streams_,
                                                            &em_documents_,
                                                            &series_,
                                                            &series_expired_,
                                                            &scope_up_,
                                                            &scopes_,
                                                            &internal_errors_}) {
    families.push_back(family->collect());
  }
  return families;
}

}  // namespace rds_exporter::snapshot
