#include "inventory/inventory_collector.h"

#include "catalog/engine_family.h"
#include "common/arn.h"
#include "common/time_text.h"
#include "inventory/parameter_formula.h"
#include "logging/log_setup.h"

#include <fmt/chrono.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace rds_exporter::inventory {
namespace {

using catalog::MetricScope;
using collection::FactFamily;
using collection::FactSeries;
using Clock = std::chrono::system_clock;

constexpr double kBytesPerGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kBytesPerMiB = 1024.0 * 1024.0;
constexpr double kDay = 86400.0;
// An event listed a little after its date is still counted, once: each call reaches back this far.
constexpr auto kEventsOverlap = std::chrono::minutes(5);
constexpr std::string_view kStandardSupport = "open-source-rds-standard-support";
constexpr std::string_view kExtendedSupport = "open-source-rds-extended-support";

// AWS's event categories for instances and clusters (RDS user guide, "Amazon RDS event categories and event
// messages"): their counters exist from the start at 0, so that the first failover is an increase.
constexpr std::string_view kEventCategories[] = {
    "availability", "backup",      "configuration change", "creation",  "deletion",
    "failover",     "failure",     "low storage",          "maintenance", "notification",
    "read replica", "recovery",    "restoration",          "security",  "security patching"};
constexpr std::string_view kEventSourceTypes[] = {"db-instance", "db-cluster"};

double seconds_since_epoch(Clock::time_point time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

std::optional<double> timestamp_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto parsed = common::parse_iso8601(*text);
  if (!parsed) return std::nullopt;
  return seconds_since_epoch(*parsed);
}

class FamilyBuilder {
 public:
  FamilyBuilder(std::string name, std::string help, bool counter = false) {
    family_.name = std::move(name);
    family_.help = std::move(help);
    family_.counter = counter;
  }

  FamilyBuilder& instance(common::SharedText identifier, double value, common::SharedLabels labels = {}) {
    family_.series.push_back({MetricScope::instance, std::move(identifier), std::move(labels), value});
    return *this;
  }
  FamilyBuilder& cluster(common::SharedText identifier, double value, common::SharedLabels labels = {}) {
    family_.series.push_back({MetricScope::cluster, std::move(identifier), std::move(labels), value});
    return *this;
  }
  FamilyBuilder& scope(const aws::ScopeLabels& scope, double value,
                       std::vector<std::pair<std::string, std::string>> labels = {}) {
    labels.insert(labels.begin(), {{"aws_account_id", scope.account_id}, {"region", scope.region}});
    family_.series.push_back({MetricScope::instance, {}, std::move(labels), value});
    return *this;
  }

  void add_to(collection::Facts& facts) {
    if (family_.series.empty()) return;
    // Kept until the next inventory cycle: without the room the doubling left.
    family_.series.shrink_to_fit();
    facts.families.push_back(std::move(family_));
  }

 private:
  FactFamily family_;
};

// The first `components` dot-separated parts of a version ("8.0.35", 2 → "8.0").
std::string_view leading_version(std::string_view version, int components) {
  std::size_t from = 0;
  for (int i = 0; i < components; ++i) {
    const std::size_t dot = version.find('.', from);
    if (dot == std::string_view::npos) return version;
    if (i + 1 == components) return version.substr(0, dot);
    from = dot + 1;
  }
  return version;
}

std::string_view parameter_name_for_connections(std::string_view engine) {
  const auto family = catalog::engine_family(engine);
  if (!family) return {};
  switch (*family) {
    case catalog::EngineFamily::mysql:
    case catalog::EngineFamily::mariadb:
    case catalog::EngineFamily::postgres:
    case catalog::EngineFamily::aurora_mysql:
    case catalog::EngineFamily::aurora_postgres:
      return "max_connections";
    default:
      return {};
  }
}

std::optional<std::string> value_in(const std::optional<std::map<std::string, std::string, std::less<>>>& values,
                                    std::string_view name) {
  if (!values) return std::nullopt;
  const auto found = values->find(name);
  if (found == values->end()) return std::nullopt;
  return found->second;
}

}  // namespace

std::string parameter_group_family(std::string_view engine, std::string_view version) {
  const std::string major = major_engine_version(engine, version);
  if (engine == "postgres" || engine == "aurora-postgresql" || engine == "mysql" || engine == "mariadb" ||
      engine == "aurora-mysql") {
    return std::string(engine) + major;
  }
  return {};
}

std::string major_engine_version(std::string_view engine, std::string_view version) {
  if (engine == "postgres" || engine == "aurora-postgresql") {
    // 9.6 and earlier name a major version by two components, 10 and later by one.
    const std::string_view first = leading_version(version, 1);
    return std::string(first.size() == 1 ? leading_version(version, 2) : first);
  }
  if (engine == "mysql" || engine == "mariadb" || engine == "aurora-mysql" || engine.starts_with("sqlserver")) {
    return std::string(leading_version(version, 2));
  }
  return std::string(leading_version(version, 1));
}

StoragePerformance storage_performance(const aws::DbInstance& db) {
  StoragePerformance result;
  const double gib = static_cast<double>(db.allocated_storage);
  const auto reported_iops = db.iops ? std::optional<double>(static_cast<double>(*db.iops)) : std::nullopt;
  const auto reported_throughput =
      db.storage_throughput ? std::optional<double>(static_cast<double>(*db.storage_throughput) * kBytesPerMiB)
                            : std::nullopt;
  const auto family = catalog::engine_family(db.engine);
  if (family && catalog::is_aurora(*family)) return result;
  if (db.storage_type == "gp2") {
    result.iops = std::clamp(3.0 * gib, 100.0, 16000.0);
    result.throughput_bytes_per_second = (gib >= 334 ? 250.0 : 128.0) * kBytesPerMiB;
    if (gib < 1000) result.burst_iops = 3000.0;
  } else if (db.storage_type == "gp3") {
    // Below the engine's threshold one volume gives 3,000 IOPS and 125 MiB/s; above it RDS stripes four volumes
    // and gives 12,000 and 500 MiB/s. SQL Server stays at the lower baseline.
    double threshold = 400;
    if (db.engine.starts_with("oracle")) threshold = 200;
    const bool striped = !db.engine.starts_with("sqlserver") && gib >= threshold;
    result.iops = reported_iops.value_or(striped ? 12000.0 : 3000.0);
    result.throughput_bytes_per_second = reported_throughput.value_or((striped ? 500.0 : 125.0) * kBytesPerMiB);
  } else if (db.storage_type == "io1") {
    result.iops = reported_iops;
    if (reported_throughput) {
      result.throughput_bytes_per_second = reported_throughput;
    } else if (reported_iops) {
      const double iops = *reported_iops;
      // EBS io1: 256 KiB per IOPS up to 500 MiB/s; 16 KiB per IOPS above 32,000 IOPS, up to 1,000 MiB/s.
      double mib = iops * 256.0 / 1024.0;
      if (iops >= 64000) {
        mib = 1000;
      } else if (iops >= 32000) {
        mib = iops * 16.0 / 1024.0;
      } else if (iops >= 2000) {
        mib = 500;
      }
      result.throughput_bytes_per_second = mib * kBytesPerMiB;
    }
  } else if (db.storage_type == "io2") {
    result.iops = reported_iops;
    if (reported_throughput) {
      result.throughput_bytes_per_second = reported_throughput;
    } else if (reported_iops) {
      // io2 Block Express: 0.256 MiB/s per IOPS, at most 4,000 MiB/s.
      result.throughput_bytes_per_second = std::min(*reported_iops * 0.256, 4000.0) * kBytesPerMiB;
    }
  } else {
    result.iops = reported_iops;
    result.throughput_bytes_per_second = reported_throughput;
  }
  return result;
}

int instance_status_code(std::string_view status) {
  static constexpr std::pair<std::string_view, int> kCodes[] = {
      {"renaming", 20},  {"storage-optimization", 11}, {"storage-initialization", 10},
      {"configuring-enhanced-monitoring", 5},          {"modifying", 4},
      {"starting", 3},   {"backing-up", 2},            {"available", 1},
      {"stopped", 0},    {"stopping", -2},             {"creating", -3},
      {"deleting", -4},  {"rebooting", -5},            {"failed", -6},
      {"storage-full", -7}, {"upgrading", -8},         {"maintenance", -9},
      {"restore-error", -10}};
  for (const auto& [name, code] : kCodes) {
    if (name == status) return code;
  }
  return -1;
}

InventoryCollector::InventoryCollector(const aws::RdsClient& rds, aws::ScopeLabels scope, InventoryOptions options)
    : rds_(rds), scope_(std::move(scope)), scope_key_(scope_.describe()), options_(options) {
  for (const auto source_type : kEventSourceTypes) {
    for (const auto category : kEventCategories) {
      event_counts_[{std::string(source_type), std::string(category)}] = 0;
    }
  }
}

template <typename T>
bool InventoryCollector::usable(const Held<T>& held, Clock::time_point now) const {
  return held.value && now < held.due + options_.keep_after_failure;
}

void InventoryCollector::refresh_maintenance(Clock::time_point now) {
  auto answer = rds_.describe_pending_maintenance_actions();
  if (answer) {
    maintenance_ = {std::move(answer).value(), now};
  } else {
    logging::logger("inventory")
        ->warn("scope {}: DescribePendingMaintenanceActions failed; its series stay for at most {}: {}", scope_key_,
               options_.keep_after_failure, answer.error().describe());
  }
}

void InventoryCollector::refresh_quotas(Clock::time_point now) {
  auto answer = rds_.describe_account_attributes();
  if (answer) {
    quotas_ = {std::move(answer).value(), now};
  } else {
    logging::logger("inventory")
        ->warn("scope {}: DescribeAccountAttributes failed; the quota series stay for at most {}: {}", scope_key_,
               options_.keep_after_failure, answer.error().describe());
  }
}

void InventoryCollector::refresh_events(Clock::time_point now) {
  const Clock::time_point start = (events_until_ ? *events_until_ : now) - kEventsOverlap;
  auto answer = rds_.describe_events({common::format_iso8601(start), common::format_iso8601(now)});
  if (!answer) {
    logging::logger("inventory")
        ->warn("scope {}: DescribeEvents failed; events since {} will be counted by the next call: {}", scope_key_,
               common::format_iso8601(start), answer.error().describe());
    return;
  }
  for (const aws::RdsEvent& event : *answer) {
    const auto date = common::parse_iso8601(event.date);
    std::string key = event.date + '\n' + event.source_type + '\n' + event.source_identifier + '\n' + event.message;
    if (recent_events_.contains(key)) continue;
    if (event.categories.empty()) {
      ++event_counts_[{event.source_type, "none"}];
    } else {
      for (const auto& category : event.categories) ++event_counts_[{event.source_type, category}];
    }
    recent_event_dates_[date.value_or(now)].push_back(key);
    recent_events_.insert(std::move(key));
  }
  events_until_ = now;
  // Only the overlap needs remembering.
  while (!recent_event_dates_.empty() && recent_event_dates_.begin()->first < now - 2 * kEventsOverlap) {
    for (const auto& key : recent_event_dates_.begin()->second) recent_events_.erase(key);
    recent_event_dates_.erase(recent_event_dates_.begin());
  }
}

void InventoryCollector::refresh_engine_versions(const discovery::Inventory& inventory, Clock::time_point now) {
  const bool any_instance = !inventory.instances.empty();
  if (!any_instance || (engine_versions_.value && now < engine_versions_.due)) return;
  auto answer = rds_.describe_db_major_engine_versions();
  if (answer) {
    engine_versions_ = {std::move(answer).value(), now + options_.engine_versions_refresh};
  } else {
    logging::logger("inventory")
        ->warn("scope {}: DescribeDBMajorEngineVersions failed; retrying at the next discovery: {}", scope_key_,
               answer.error().describe());
  }
}

void InventoryCollector::refresh_parameters(const discovery::Inventory& inventory, const ClusterIndex& clusters,
                                            Clock::time_point now) {
  std::set<std::string> db_groups;
  std::set<std::string> cluster_groups;
  std::set<std::string> families;
  for (const auto& instance : inventory.instances) {
    const auto& db = instance.db;
    if (parameter_name_for_connections(db.engine).empty()) continue;
    if (!db.parameter_groups.empty()) db_groups.insert(db.parameter_groups.front().name);
    const std::string family = parameter_group_family(db.engine, db.engine_version);
    if (!family.empty()) families.insert(family);
    if (db.cluster_identifier) {
      const auto found = clusters.find(*db.cluster_identifier);
      if (found != clusters.end() && !found->second->db.parameter_group.empty()) {
        cluster_groups.insert(found->second->db.parameter_group);
      }
    }
  }
  const auto log = logging::logger("inventory");
  bool read_any = false;
  const auto refresh = [&](auto& held_by_name, const std::set<std::string>& names, std::chrono::seconds interval,
                           std::string_view operation, auto&& call) {
    // Groups no instance uses any more are forgotten.
    std::erase_if(held_by_name, [&](const auto& entry) { return !names.contains(entry.first); });
    for (const auto& name : names) {
      auto& held = held_by_name[name];
      if (held.value && now < held.due) continue;
      read_any = true;
      auto answer = call(name);
      if (!answer) {
        log->warn("scope {}: {} {} failed; max_connections of its instances {}: {}", scope_key_, operation, name,
                  held.value ? "keeps the last value for a while" : "stays unknown", answer.error().describe());
        continue;
      }
      ParameterValues values;
      for (const auto& parameter : *answer) {
        if (parameter.value) values.emplace(parameter.name, *parameter.value);
      }
      held = {std::move(values), now + interval};
    }
  };
  refresh(db_groups_, db_groups, options_.parameters_refresh, "DescribeDBParameters",
          [&](const std::string& name) { return rds_.describe_db_parameters(name, std::string("user")); });
  refresh(cluster_groups_, cluster_groups, options_.parameters_refresh, "DescribeDBClusterParameters",
          [&](const std::string& name) { return rds_.describe_db_cluster_parameters(name, std::string("user")); });
  refresh(family_defaults_, families, options_.engine_versions_refresh, "DescribeEngineDefaultParameters",
          [&](const std::string& name) { return rds_.describe_engine_default_parameters(name); });
  if (read_any) unresolved_reported_.clear();
}

collection::FactsPtr InventoryCollector::collect(const discovery::Inventory& inventory, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto log = logging::logger("inventory");
  refresh_maintenance(now);
  refresh_quotas(now);
  refresh_events(now);
  refresh_engine_versions(inventory, now);
  ClusterIndex clusters;
  for (const auto& cluster : inventory.clusters) clusters.emplace(cluster.db.identifier, &cluster);
  refresh_parameters(inventory, clusters, now);

  auto facts = std::make_shared<collection::Facts>();

  // From DescribeDBInstances: no call of its own.
  FamilyBuilder allocated("rds_allocated_storage_bytes",
                          "Storage allocated to the instance (DescribeDBInstances AllocatedStorage, GiB as bytes); "
                          "Aurora instances have none.");
  FamilyBuilder max_allocated("rds_max_allocated_storage_bytes",
                              "Storage autoscaling's upper limit (DescribeDBInstances MaxAllocatedStorage, GiB as "
                              "bytes); absent when autoscaling is off.");
  FamilyBuilder iops("rds_allocated_disk_iops_average",
                     "IOPS the storage provides: provisioned (io1, io2, gp3) or the storage type's baseline (gp2: 3 "
                     "per GiB, 100 to 16,000; gp3: 3,000 or 12,000 above the engine's threshold).");
  FamilyBuilder burst("rds_allocated_disk_burst_iops_average",
                      "IOPS a gp2 volume below 1,000 GiB can burst to while its I/O credits last.");
  FamilyBuilder throughput("rds_allocated_disk_throughput_bytes",
                           "Storage throughput the storage provides, in bytes per second: provisioned (gp3, io2) or "
                           "the storage type's baseline.");
  FamilyBuilder retention("rds_backup_retention_period_seconds",
                          "How long automated backups are kept (DescribeDBInstances BackupRetentionPeriod); 0 when "
                          "they are off.");
  FamilyBuilder certificate("rds_certificate_expiry_timestamp_seconds",
                            "When the instance's server certificate expires (CertificateDetails.ValidTill).");
  FamilyBuilder created("rds_instance_creation_timestamp_seconds",
                        "When the instance was created (DescribeDBInstances InstanceCreateTime).");
  FamilyBuilder age("rds_instance_age_seconds",
                    "Seconds since the instance was created, as of the exporter's last inventory run.");
  FamilyBuilder status("rds_instance_status",
                       "The instance's status as a number (qonto/prometheus-rds-exporter's codes): 1 available, 2 "
                       "backing-up, 3 starting, 4 modifying, 5 configuring-enhanced-monitoring, 10 "
                       "storage-initialization, 11 storage-optimization, 20 renaming, 0 stopped, -1 any other, -2 "
                       "stopping, -3 creating, -4 deleting, -5 rebooting, -6 failed, -7 storage-full, -8 upgrading, "
                       "-9 maintenance, -10 restore-error. The status itself is the label of rds_instance_state_info.");
  FamilyBuilder status_info("rds_instance_state_info",
                            "The instance's status as DescribeDBInstances writes it, as a label; the value is 1.");
  FamilyBuilder pending_modified("rds_instance_pending_modified_values",
                                 "1 when the instance has modifications waiting (PendingModifiedValues, or a "
                                 "parameter group not in-sync), else 0.");
  for (const auto& instance : inventory.instances) {
    const auto& db = instance.db;
    const common::SharedText id(db.identifier);
    if (!catalog::is_aurora(instance.family)) {
      allocated.instance(id, static_cast<double>(db.allocated_storage) * kBytesPerGiB);
      if (db.max_allocated_storage) {
        max_allocated.instance(id, static_cast<double>(*db.max_allocated_storage) * kBytesPerGiB);
      }
      retention.instance(id, static_cast<double>(db.backup_retention_period) * kDay);
    }
    const StoragePerformance storage = storage_performance(db);
    if (storage.iops) iops.instance(id, *storage.iops);
    if (storage.burst_iops) burst.instance(id, *storage.burst_iops);
    if (storage.throughput_bytes_per_second) throughput.instance(id, *storage.throughput_bytes_per_second);
    if (const auto expiry = timestamp_of(db.certificate_valid_till)) certificate.instance(id, *expiry);
    if (const auto creation = timestamp_of(db.instance_create_time)) {
      created.instance(id, *creation);
      age.instance(id, std::max(0.0, seconds_since_epoch(now) - *creation));
    }
    status.instance(id, instance_status_code(db.status));
    status_info.instance(id, 1, {{"status", db.status}});
    bool pending = db.pending_modified_values;
    for (const auto& group : db.parameter_groups) pending = pending || group.apply_status != "in-sync";
    pending_modified.instance(id, pending ? 1 : 0);
  }
  FamilyBuilder cluster_retention("rds_cluster_backup_retention_period_seconds",
                                  "How long the cluster's automated backups are kept (DescribeDBClusters "
                                  "BackupRetentionPeriod).");
  FamilyBuilder acu_min("rds_cluster_acu_min_average",
                        "Aurora Serverless v2 minimum capacity of the cluster, in ACUs.");
  FamilyBuilder acu_max("rds_cluster_acu_max_average",
                        "Aurora Serverless v2 maximum capacity of the cluster, in ACUs.");
  for (const auto* watched : {&inventory.clusters, &inventory.multi_az_clusters}) {
    for (const auto& cluster : *watched) {
      const common::SharedText id(cluster.db.identifier);
      cluster_retention.cluster(id, static_cast<double>(cluster.db.backup_retention_period) * kDay);
      if (cluster.db.serverless_min_capacity) acu_min.cluster(id, *cluster.db.serverless_min_capacity);
      if (cluster.db.serverless_max_capacity) acu_max.cluster(id, *cluster.db.serverless_max_capacity);
    }
  }

  // DescribePendingMaintenanceActions.
  FamilyBuilder maintenance("rds_pending_maintenance_actions",
                            "Maintenance actions pending on the instance or cluster "
                            "(DescribePendingMaintenanceActions), one series per action; the value is 1.");
  FamilyBuilder auto_applied("rds_pending_maintenance_auto_applied_after_timestamp_seconds",
                             "When a pending action is applied in the next maintenance window (AutoAppliedAfterDate).");
  FamilyBuilder forced("rds_pending_maintenance_forced_apply_timestamp_seconds",
                       "When a pending action is applied whatever the maintenance window (ForcedApplyDate).");
  if (usable(maintenance_, now)) {
    for (const auto& resource : *maintenance_.value) {
      const auto arn = common::parse_arn(resource.resource_arn);
      if (!arn) continue;
      const std::string_view kind = std::string_view(arn->resource).substr(0, arn->resource.find(':'));
      if (arn->resource.find(':') == std::string::npos) continue;
      const std::string identifier = arn->resource.substr(arn->resource.find(':') + 1);
      const bool is_cluster = kind == "cluster";
      if (!is_cluster && kind != "db") continue;
      for (const auto& action : resource.actions) {
        const std::vector<std::pair<std::string, std::string>> labels = {
            {"action", action.action}, {"description", action.description}};
        const auto add = [&](FamilyBuilder& family, double value) {
          if (is_cluster) {
            family.cluster(identifier, value, labels);
          } else {
            family.instance(identifier, value, labels);
          }
        };
        add(maintenance, 1);
        if (const auto when = timestamp_of(action.auto_applied_after)) add(auto_applied, *when);
        if (const auto when = timestamp_of(action.forced_apply)) add(forced, *when);
      }
    }
  }

  // DescribeDBMajorEngineVersions.
  // qonto exports days left (rds_standard_support_engine_remaining_days); Prometheus' base unit for a point in time
  // is a timestamp in seconds, which promtool insists on, and days left are one subtraction away (README).
  FamilyBuilder standard("rds_standard_support_end_timestamp_seconds",
                         "When the instance's major engine version leaves RDS standard support "
                         "(DescribeDBMajorEngineVersions SupportedEngineLifecycles).");
  FamilyBuilder extended("rds_extended_support_end_timestamp_seconds",
                         "When the instance's major engine version leaves RDS Extended Support "
                         "(DescribeDBMajorEngineVersions SupportedEngineLifecycles).");
  if (usable(engine_versions_, now)) {
    for (const auto& instance : inventory.instances) {
      const auto& db = instance.db;
      const std::string major = major_engine_version(db.engine, db.engine_version);
      for (const auto& version : *engine_versions_.value) {
        if (version.engine != db.engine || version.major_version != major) continue;
        for (const auto& lifecycle : version.lifecycles) {
          const auto end = timestamp_of(lifecycle.end);
          if (!end) continue;
          if (lifecycle.name == kStandardSupport) {
            standard.instance(db.identifier, *end, {{"engine_version", db.engine_version}});
          } else if (lifecycle.name == kExtendedSupport) {
            extended.instance(db.identifier, *end, {{"engine_version", db.engine_version}});
          }
        }
      }
    }
  }

  // DescribeAccountAttributes.
  FamilyBuilder quota_max("rds_account_quota_max",
                          "Every RDS quota of the account in the region (DescribeAccountAttributes AccountQuota Max), "
                          "in AWS's units (AllocatedStorage: GiB).");
  FamilyBuilder quota_used("rds_account_quota_used",
                           "What the account uses of each RDS quota (DescribeAccountAttributes AccountQuota Used), "
                           "in AWS's units (AllocatedStorage: GiB).");
  FamilyBuilder qonto_max_instances("rds_quota_max_dbinstances_average", "DB instances the account may have (quota).");
  FamilyBuilder qonto_max_snapshots("rds_quota_maximum_db_instance_snapshots_average",
                                    "Manual DB instance snapshots the account may have (quota).");
  FamilyBuilder qonto_max_storage("rds_quota_total_storage_bytes",
                                  "Total storage all DB instances of the account may have (quota), in bytes.");
  FamilyBuilder qonto_used_instances("rds_usage_db_instances_average", "DB instances the account has.");
  FamilyBuilder qonto_used_snapshots("rds_usage_manual_snapshots_average", "Manual DB snapshots the account has.");
  FamilyBuilder qonto_used_storage("rds_usage_allocated_storage_bytes",
                                   "Storage allocated to all DB instances of the account, in bytes.");
  if (usable(quotas_, now)) {
    for (const auto& quota : *quotas_.value) {
      quota_max.scope(scope_, static_cast<double>(quota.max), {{"quota", quota.name}});
      quota_used.scope(scope_, static_cast<double>(quota.used), {{"quota", quota.name}});
      if (quota.name == "DBInstances") {
        qonto_max_instances.scope(scope_, static_cast<double>(quota.max));
        qonto_used_instances.scope(scope_, static_cast<double>(quota.used));
      } else if (quota.name == "ManualSnapshots") {
        qonto_max_snapshots.scope(scope_, static_cast<double>(quota.max));
        qonto_used_snapshots.scope(scope_, static_cast<double>(quota.used));
      } else if (quota.name == "AllocatedStorage") {
        qonto_max_storage.scope(scope_, static_cast<double>(quota.max) * kBytesPerGiB);
        qonto_used_storage.scope(scope_, static_cast<double>(quota.used) * kBytesPerGiB);
      }
    }
  }

  // DescribeEvents.
  FamilyBuilder events("rds_events_total",
                       "RDS events since the exporter started (DescribeEvents), by source type and event category; "
                       "an event of several categories counts in each.",
                       true);
  for (const auto& [key, count] : event_counts_) {
    events.scope(scope_, static_cast<double>(count), {{"source_type", key.first}, {"event_category", key.second}});
  }

  // max_connections, evaluated from the parameter groups.
  FamilyBuilder max_connections("rds_max_connections",
                                "The instance's max_connections, evaluated from its parameter groups (user-set value, "
                                "else the family's default formula) with the instance class's memory; see README "
                                "\"max_connections\".");
  const auto unresolved = [&](const discovery::WatchedInstance& instance, std::string_view reason,
                              std::string_view detail) {
    const std::string key = instance.db.identifier + '\n' + std::string(reason) + '\n' + std::string(detail);
    if (!unresolved_reported_.insert(key).second) return;
    ++unresolved_counts_[std::string(reason)];
    log->warn("scope {}: max_connections of {} left out ({}): {}", scope_key_, instance.db.identifier, reason,
              detail);
  };
  for (const auto& instance : inventory.instances) {
    const auto& db = instance.db;
    const std::string_view parameter = parameter_name_for_connections(db.engine);
    if (parameter.empty()) continue;
    std::optional<std::string> value;
    bool known = true;
    if (!db.parameter_groups.empty()) {
      const auto found = db_groups_.find(db.parameter_groups.front().name);
      if (found != db_groups_.end() && usable(found->second, now)) {
        value = value_in(found->second.value, parameter);
      } else {
        known = false;
      }
    }
    if (!value && db.cluster_identifier) {
      const auto cluster = clusters.find(*db.cluster_identifier);
      if (cluster != clusters.end() && !cluster->second->db.parameter_group.empty()) {
        const auto found = cluster_groups_.find(cluster->second->db.parameter_group);
        if (found != cluster_groups_.end() && usable(found->second, now)) {
          value = value_in(found->second.value, parameter);
        } else {
          known = false;
        }
      }
    }
    if (!value) {
      const auto found = family_defaults_.find(parameter_group_family(db.engine, db.engine_version));
      if (found != family_defaults_.end() && usable(found->second, now)) {
        value = value_in(found->second.value, parameter);
      } else {
        known = false;
      }
    }
    // A group that could not be read says nothing: no guess, and no count (the call's failure is logged and
    // counted by the AWS self-metrics).
    if (!value) {
      if (known) unresolved(instance, "no_value", "no parameter group or engine default sets it");
      continue;
    }
    // A literal needs no variable; a formula on a class the memory table lacks cannot be evaluated.
    auto variables = formula_variables_for_instance_class(db.instance_class);
    if (!variables && value->find('{') != std::string::npos) {
      unresolved(instance, "unknown_instance_class",
                 "the memory of instance class " + db.instance_class + " is not in the exporter's table");
      continue;
    }
    if (variables) variables->allocated_storage = static_cast<double>(db.allocated_storage) * kBytesPerGiB;
    const auto evaluated = evaluate_parameter(*value, variables.value_or(FormulaVariables{}));
    if (!evaluated) {
      unresolved(instance, "unknown_formula", "\"" + *value + "\": " + evaluated.error());
      continue;
    }
    max_connections.instance(db.identifier, *evaluated);
  }
  FamilyBuilder unresolved_total("rds_exporter_max_connections_unresolved_total",
                                 "Instances whose max_connections the exporter could not evaluate and left out, by "
                                 "reason (unknown_formula, unknown_instance_class, no_value), counted once per "
                                 "instance and parameter refresh.",
                                 true);
  for (const std::string_view reason : {"no_value", "unknown_formula", "unknown_instance_class"}) {
    const auto found = unresolved_counts_.find(std::string(reason));
    unresolved_total.scope(scope_, found == unresolved_counts_.end() ? 0.0 : static_cast<double>(found->second),
                           {{"reason", std::string(reason)}});
  }

  for (FamilyBuilder* family :
       {&allocated, &max_allocated, &iops, &burst, &throughput, &retention, &certificate, &created, &age, &status,
        &status_info, &pending_modified, &cluster_retention, &acu_min, &acu_max, &maintenance, &auto_applied, &forced,
        &standard, &extended, &quota_max, &quota_used, &qonto_max_instances, &qonto_max_snapshots,
        &qonto_max_storage, &qonto_used_instances, &qonto_used_snapshots, &qonto_used_storage, &events,
        &max_connections, &unresolved_total}) {
    family->add_to(*facts);
  }
  return facts;
}

}  // namespace rds_exporter::inventory
