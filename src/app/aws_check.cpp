#include "app/aws_check.h"

#include "app/exporter_pipeline.h"
#include "aws/credentials/access_key_mask.h"
#include "catalog/engine_family.h"
#include "common/time_text.h"
#include "discovery/scope_source.h"
#include "inventory/inventory_collector.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace rds_exporter::app {
namespace {

void print_row(std::FILE* out, std::string_view what, std::string_view result) {
  fmt::print(out, "{:<37} {}\n", what, result);
}

// Every action of the IAM policy in one scope, with that scope's credentials; false when one failed.
// The inventory source's actions (README "Inventory"), each with its cheapest call.
// `instances` and `clusters` are what the scope's check listed (null when that failed).
void check_inventory(aws::ScopeClients& scope, const std::vector<aws::DbInstance>* instances,
                     const std::vector<aws::DbCluster>* clusters,
                     const std::function<void(std::string_view, const aws::AwsError&)>& failed, std::FILE* out) {
  const auto count = [&](std::string_view action, const auto& answer, std::string_view what) {
    if (answer) {
      print_row(out, action, fmt::format("ok: {} {}", answer->size(), what));
    } else {
      failed(action, answer.error());
    }
  };
  count("rds:DescribePendingMaintenanceActions", scope.rds().describe_pending_maintenance_actions(),
        "resources with pending maintenance");
  count("rds:DescribeAccountAttributes", scope.rds().describe_account_attributes(), "quotas");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  count("rds:DescribeEvents",
        scope.rds().describe_events({common::format_iso8601(now - std::chrono::hours(1)), common::format_iso8601(now)}),
        "events in the last hour");
  const aws::DbInstance* first = instances && !instances->empty() ? &instances->front() : nullptr;
  count("rds:DescribeDBMajorEngineVersions",
        scope.rds().describe_db_major_engine_versions(first ? std::optional<std::string>(first->engine) : std::nullopt),
        first ? fmt::format("major versions of {}", first->engine) : std::string("major versions"));
  if (first && !first->parameter_groups.empty()) {
    const std::string& group = first->parameter_groups.front().name;
    count("rds:DescribeDBParameters", scope.rds().describe_db_parameters(group, std::string("user")),
          fmt::format("user-set parameters in {}", group));
  } else {
    print_row(out, "rds:DescribeDBParameters", "not checked: no instance with a parameter group");
  }
  const std::string family =
      first ? inventory::parameter_group_family(first->engine, first->engine_version) : std::string();
  if (!family.empty()) {
    count("rds:DescribeEngineDefaultParameters", scope.rds().describe_engine_default_parameters(family),
          fmt::format("default parameters of {}", family));
  } else {
    print_row(out, "rds:DescribeEngineDefaultParameters", "not checked: no MySQL, MariaDB or PostgreSQL instance");
  }
  const aws::DbCluster* aurora = nullptr;
  if (clusters) {
    for (const auto& cluster : *clusters) {
      const auto family = catalog::engine_family(cluster.engine);
      if (family && catalog::is_aurora(*family) && !cluster.parameter_group.empty()) {
        aurora = &cluster;
        break;
      }
    }
  }
  if (aurora) {
    count("rds:DescribeDBClusterParameters",
          scope.rds().describe_db_cluster_parameters(aurora->parameter_group, std::string("user")),
          fmt::format("user-set parameters in {}", aurora->parameter_group));
  } else {
    print_row(out, "rds:DescribeDBClusterParameters", "not checked: no Aurora cluster");
  }
}

// The two pi: actions on `with_pi`, an instance that has Performance Insights on: the cheapest calls that prove
// each permission.
void check_performance_insights(aws::ScopeClients& scope, const aws::DbInstance& with_pi,
                                std::chrono::system_clock::time_point end,
                                const std::function<void(std::string_view, const aws::AwsError&)>& failed,
                                std::FILE* out) {
  if (auto listed = scope.pi().list_available_resource_metrics(with_pi.resource_id)) {
    print_row(out, "pi:ListAvailableResourceMetrics",
              fmt::format("ok: {} counters for {}", listed->size(), with_pi.identifier));
  } else {
    failed("pi:ListAvailableResourceMetrics", listed.error());
  }
  // db.load exists for every engine.
  const aws::GetResourceMetricsInput pi_input{
      with_pi.resource_id, {"db.load.avg"}, end - std::chrono::minutes(10), end};
  if (auto answer = scope.pi().get_resource_metrics(pi_input)) {
    std::size_t points = 0;
    for (const auto& metric : answer->metrics) {
      points += static_cast<std::size_t>(
          std::count_if(metric.points.begin(), metric.points.end(),
                        [](const aws::PiDataPoint& point) { return point.value.has_value(); }));
    }
    print_row(out, "pi:GetResourceMetrics",
              fmt::format("ok: {} db.load datapoints for {} in the last 10 minutes", points, with_pi.identifier));
  } else {
    failed("pi:GetResourceMetrics", answer.error());
  }
}

// logs:FilterLogEvents with its cheapest call: at most one event of the last minute from the Enhanced Monitoring
// stream of the first instance that has it on. AWS checks the permission before the stream's existence, so a
// ResourceNotFoundException (no OS metrics written yet) proves the permission too.
void check_enhanced_monitoring(aws::ScopeClients& scope, const std::vector<aws::DbInstance>* instances,
                               bool enhanced_monitoring_enabled,
                               const std::function<void(std::string_view, const aws::AwsError&)>& failed,
                               std::FILE* out) {
  constexpr std::string_view kAction = "logs:FilterLogEvents";
  const aws::DbInstance* with_em = nullptr;
  std::optional<aws::LogStreamLocation> stream;
  if (instances) {
    for (const auto& instance : *instances) {
      stream = aws::enhanced_monitoring_stream(instance);
      if (stream) {
        with_em = &instance;
        break;
      }
    }
  }
  const char* not_checked = !enhanced_monitoring_enabled ? "enhanced_monitoring.enabled is false"
                            : !instances                  ? "DescribeDBInstances failed"
                            : with_em == nullptr          ? "no instance has Enhanced Monitoring on"
                                                          : nullptr;
  if (not_checked != nullptr) {
    print_row(out, kAction, fmt::format("not checked: {}", not_checked));
    return;
  }
  const auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const std::int64_t now_ms = now.time_since_epoch().count();
  const aws::FilterLogEventsInput input{.log_group_name = stream->log_group_name,
                                        .log_stream_names = {stream->log_stream_name},
                                        .start_time_ms = now_ms - 60'000,
                                        .end_time_ms = now_ms,
                                        .limit = 1};
  const std::string where =
      fmt::format("for {} ({}/{})", with_em->identifier, stream->log_group_name, stream->log_stream_name);
  auto answer = scope.logs().filter_log_events_page(input);
  if (answer) {
    print_row(out, kAction, fmt::format("ok: {} events in the last minute {}", answer->events.size(), where));
  } else if (answer.error().code == "ResourceNotFoundException") {
    print_row(out, kAction, fmt::format("ok: permitted (stream not found: {}) {}", answer.error().message, where));
  } else {
    failed(kAction, answer.error());
  }
}

bool check_scope(aws::ScopeClients& scope, bool performance_insights_enabled, bool enhanced_monitoring_enabled,
                 bool inventory_enabled, std::FILE* out) {
  bool all_good = true;
  const auto failed = [&](std::string_view what, const aws::AwsError& error) {
    print_row(out, what, fmt::format("FAILED: {}", error.describe()));
    all_good = false;
  };

  auto instances = scope.rds().describe_db_instances();
  if (instances) {
    print_row(out, "rds:DescribeDBInstances", fmt::format("ok: {} instances", instances->size()));
  } else {
    failed("rds:DescribeDBInstances", instances.error());
  }
  auto clusters = scope.rds().describe_db_clusters();
  if (clusters) {
    print_row(out, "rds:DescribeDBClusters", fmt::format("ok: {} clusters", clusters->size()));
  } else {
    failed("rds:DescribeDBClusters", clusters.error());
  }
  if (inventory_enabled) {
    check_inventory(scope, instances ? &*instances : nullptr, clusters ? &*clusters : nullptr, failed, out);
  } else {
    for (const char* action : {"rds:DescribePendingMaintenanceActions", "rds:DescribeAccountAttributes",
                               "rds:DescribeEvents", "rds:DescribeDBMajorEngineVersions", "rds:DescribeDBParameters",
                               "rds:DescribeEngineDefaultParameters", "rds:DescribeDBClusterParameters"}) {
      print_row(out, action, "not checked: inventory.enabled is false");
    }
  }

  // One metric for one instance (or for a made-up one in an empty region: the permission check is the same).
  const std::string instance = instances && !instances->empty() ? instances->front().identifier : "rds-exporter-check";
  const auto end = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  aws::GetMetricDataInput input{
      {{"cpu", "AWS/RDS", "CPUUtilization", {{"DBInstanceIdentifier", instance}}, 60, "Average"}},
      end - std::chrono::minutes(10),
      end};
  if (auto answer = scope.cloudwatch().get_metric_data(input)) {
    const std::size_t points = answer->results.empty() ? 0 : answer->results.front().values.size();
    print_row(out, "cloudwatch:GetMetricData",
              fmt::format("ok: {} CPUUtilization datapoints for {} in the last 10 minutes", points, instance));
  } else {
    failed("cloudwatch:GetMetricData", answer.error());
  }

  // Performance Insights answers only for an instance that has it on, so its two actions are tried on the first
  // such instance. Not at all when the exporter will not call it.
  const aws::DbInstance* with_pi = nullptr;
  if (instances) {
    const auto found = std::find_if(instances->begin(), instances->end(), [](const aws::DbInstance& db) {
      return db.performance_insights_enabled && !db.resource_id.empty();
    });
    if (found != instances->end()) with_pi = &*found;
  }
  const char* not_checked = !performance_insights_enabled ? "performance_insights.enabled is false"
                            : !instances                            ? "DescribeDBInstances failed"
                            : with_pi == nullptr                    ? "no instance has Performance Insights on"
                                                                    : nullptr;
  if (not_checked != nullptr) {
    for (const char* action : {"pi:ListAvailableResourceMetrics", "pi:GetResourceMetrics"}) {
      print_row(out, action, fmt::format("not checked: {}", not_checked));
    }
  } else {
    check_performance_insights(scope, *with_pi, end, failed, out);
  }
  check_enhanced_monitoring(scope, instances ? &*instances : nullptr, enhanced_monitoring_enabled, failed, out);
  return all_good;
}

}  // namespace

int run_aws_check(aws::AwsSession& session, const config::Settings& settings, std::FILE* out) {
  bool all_good = true;
  const auto failed = [&](std::string_view what, const aws::AwsError& error) {
    print_row(out, what, fmt::format("FAILED: {}", error.describe()));
    all_good = false;
  };

  print_row(out, "region", fmt::format("{} ({})", session.region().region, session.region().source));
  for (const aws::AwsService* service :
       {&aws::kRdsService, &aws::kCloudWatchService, &aws::kPerformanceInsightsService, &aws::kCloudWatchLogsService,
        &aws::kStsService}) {
    auto endpoint = session.endpoints().resolve(*service, session.region().region);
    print_row(out, fmt::format("endpoint {}", service->config_key),
              endpoint ? fmt::format("{} ({})", endpoint->base_url, endpoint->source) : endpoint.error());
  }

  auto credentials = session.credentials().credentials();
  if (!credentials) {
    print_row(out, "credentials", fmt::format("FAILED: {}", credentials.error().message));
    return 1;
  }
  print_row(
      out, "credentials",
      fmt::format("{}, access key {}{}", session.credentials().name(),
                  aws::mask_access_key_id(credentials->access_key_id), credentials->expiration ? ", temporary" : ""));

  discovery::ScopeSourcePorts ports = scope_source_ports(session);
  if (auto identity = session.sts().get_caller_identity(session.credentials())) {
    print_row(out, "identity", fmt::format("{} (account {})", identity->arn, identity->account));
    // The scopes need the same answer: not asked twice.
    ports.caller_arn = [arn = identity->arn]() -> common::Expected<std::string, aws::AwsError> { return arn; };
  } else {
    failed("identity", identity.error());
  }

  discovery::ScopeSource source(settings.aws, session.region().region, std::move(ports));
  auto scopes = source.resolve();
  if (!scopes) {
    print_row(out, "scopes", fmt::format("FAILED: {}", scopes.error()));
    return 1;
  }
  print_row(out, "scopes", fmt::format("{} to watch", scopes->size()));
  for (const aws::ScopeSpec& spec : *scopes) {
    print_row(out, "scope", fmt::format("{} ({})", spec.describe(),
                                        spec.role_arn ? "through " + *spec.role_arn : "the base credentials"));
    auto clients = session.open_scope(spec);
    if (!clients) {
      print_row(out, "endpoints", fmt::format("FAILED: {}", clients.error()));
      all_good = false;
      continue;
    }
    if (!check_scope(**clients, session.performance_insights_enabled(), session.enhanced_monitoring_enabled(),
                     settings.inventory.enabled, out)) {
      all_good = false;
    }
  }
  return all_good ? 0 : 1;
}

}  // namespace rds_exporter::app
