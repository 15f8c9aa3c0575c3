#pragma once

#include "aws/client/aws_client_metrics.h"
#include "aws/services/rds_client.h"
#include "collection/facts.h"
#include "discovery/inventory.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::inventory {

struct InventoryOptions {
  // How often each distinct parameter group's user-set values are read again.
  std::chrono::seconds parameters_refresh{3600};
  // How often the engines' support calendar and the families' default parameters are read again.
  std::chrono::seconds engine_versions_refresh{86400};
  // How long a call's last good answer is still shown while the call fails; then its series vanish rather than
  // show what may no longer be true.
  std::chrono::seconds keep_after_failure{900};
};

// What the RDS API says about a scope beyond CloudWatch (README "Inventory"), as facts for the page. Runs after
// every discovery (RdsMetricCollector's fact loop):
// - from the discovery's own DescribeDBInstances answer, no call: storage, provisioned or baseline IOPS and
//   throughput, backup retention, certificate expiry, creation time, status;
// - one DescribePendingMaintenanceActions, one DescribeAccountAttributes and one DescribeEvents (every page) per
//   run;
// - DescribeDBMajorEngineVersions and the families' DescribeEngineDefaultParameters once per
//   engine_versions_refresh;
// - one DescribeDBParameters (Source=user) per distinct DB parameter group, and one DescribeDBClusterParameters
//   per distinct Aurora cluster parameter group, once per parameters_refresh (and at once for a group not read
//   yet), from which max_connections is evaluated for every instance.
// A failing call degrades only its own series (a log line; the AWS self-metrics count the call), never another's.
class InventoryCollector {
 public:
  InventoryCollector(const aws::RdsClient& rds, aws::ScopeLabels scope, InventoryOptions options = {});

  // One run; never throws for an AWS failure.
  collection::FactsPtr collect(const discovery::Inventory& inventory, std::chrono::system_clock::time_point now);

 private:
  using Clock = std::chrono::system_clock;
  // A call's last good answer, and when it is due again (its series stay until keep_after_failure past that).
  template <typename T>
  struct Held {
    std::optional<T> value;
    Clock::time_point due{};
  };
  // The watched Aurora clusters by identifier, for their members' cluster parameter groups.
  using ClusterIndex = std::map<std::string_view, const discovery::WatchedCluster*>;
  // Parameters of one group (name → value), user-set or a family's defaults.
  using ParameterValues = std::map<std::string, std::string, std::less<>>;

  void refresh_maintenance(Clock::time_point now);
  void refresh_quotas(Clock::time_point now);
  void refresh_events(Clock::time_point now);
  void refresh_engine_versions(const discovery::Inventory& inventory, Clock::time_point now);
  void refresh_parameters(const discovery::Inventory& inventory, const ClusterIndex& clusters, Clock::time_point now);
  template <typename T>
  bool usable(const Held<T>& held, Clock::time_point now) const;

  const aws::RdsClient& rds_;
  const aws::ScopeLabels scope_;
  const std::string scope_key_;
  const InventoryOptions options_;

  // One run at a time (the fact loop is one thread; tests may call directly).
  std::mutex mutex_;
  Held<std::vector<aws::ResourcePendingMaintenance>> maintenance_;
  Held<std::vector<aws::AccountQuota>> quotas_;
  Held<std::vector<aws::MajorEngineVersion>> engine_versions_;
  // DescribeEvents: counts by (source type, category) since the exporter started, and the events of the overlap
  // window already counted (AWS may list an event a little after its date).
  std::map<std::pair<std::string, std::string>, std::uint64_t> event_counts_;
  std::optional<Clock::time_point> events_until_;
  std::set<std::string> recent_events_;
  std::map<Clock::time_point, std::vector<std::string>> recent_event_dates_;
  // Parameter groups by name, families' defaults by family; each with its own refresh time.
  std::map<std::string, Held<ParameterValues>, std::less<>> db_groups_;
  std::map<std::string, Held<ParameterValues>, std::less<>> cluster_groups_;
  std::map<std::string, Held<ParameterValues>, std::less<>> family_defaults_;
  // max_connections values that could not be evaluated, by reason, since start.
  std::map<std::string, std::uint64_t> unresolved_counts_;
  std::set<std::string> unresolved_reported_;
};

// The parameter group family of an engine version, as DescribeEngineDefaultParameters names it: "mysql8.0",
// "postgres16", "aurora-mysql8.0", "aurora-postgresql15", "mariadb10.11"; empty when unknown.
std::string parameter_group_family(std::string_view engine, std::string_view engine_version);

// The major version DescribeDBMajorEngineVersions lists an engine version under: "8.0", "16", "10.11".
std::string major_engine_version(std::string_view engine, std::string_view engine_version);

// Storage performance AWS provides (README "Inventory", with sources): provisioned IOPS and throughput where
// DescribeDBInstances reports them, otherwise the baseline of the storage type; nullopt where none is defined
// (Aurora, magnetic).
struct StoragePerformance {
  std::optional<double> iops;
  std::optional<double> throughput_bytes_per_second;
  // gp2 below 1,000 GiB can burst to 3,000 IOPS while its credits last.
  std::optional<double> burst_iops;
};
StoragePerformance storage_performance(const aws::DbInstance& db);

// qonto/prometheus-rds-exporter's status codes (README "Inventory"): 1 available, ≤ 0 not available.
int instance_status_code(std::string_view status);

}  // namespace rds_exporter::inventory
