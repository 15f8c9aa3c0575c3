#pragma once

#include "logging/level_spec.h"
#include "logging/log_format.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::config {

using logging::LogFormat;

// exporter.delivery.
enum class Delivery { newest, replay };

// exporter.naming: the prototype's names (rds_cpuutilization, CloudWatch's units) or Prometheus's conventions
// (rds_cpu_utilization_percent, base units); docs/metric-names.md.
enum class Naming { prototype, prometheus };

// One tag condition of target.tags: the key present with one of `values`, or with any value when empty.
struct TagRule {
  std::string key;
  std::vector<std::string> values;

  friend bool operator==(const TagRule&, const TagRule&) = default;
};

// One entry of remote_write: where every collected point is pushed, with Prometheus remote-write 1.0
// (https://prometheus.io/docs/specs/remote_write_spec/), and how.
struct RemoteWriteTarget {
  std::string url;  // http or https, never with userinfo: it is the self-metrics' url label
  std::optional<std::string> name;
  struct BasicAuth {
    std::string username;
    std::optional<std::string> password;
    std::optional<std::string> password_file;  // read at every send, so a rotated secret is picked up

    friend bool operator==(const BasicAuth&, const BasicAuth&) = default;
  };
  std::optional<BasicAuth> basic_auth;
  std::optional<std::string> bearer_token;
  std::optional<std::string> bearer_token_file;  // read at every send
  struct Tls {
    std::optional<std::string> ca_file;
    std::optional<std::string> cert_file;
    std::optional<std::string> key_file;
    std::optional<std::string> server_name;
    bool insecure_skip_verify = false;

    friend bool operator==(const Tls&, const Tls&) = default;
  } tls;
  // Amazon Managed Service for Prometheus: SigV4 (service aps) with the process's AWS credentials, or those of
  // role_arn assumed with them; region unset: the exporter's home region.
  struct SigV4 {
    std::optional<std::string> region;
    std::optional<std::string> role_arn;

    friend bool operator==(const SigV4&, const SigV4&) = default;
  };
  std::optional<SigV4> sigv4;
  // Extra request headers; never those remote write sets itself.
  std::vector<std::pair<std::string, std::string>> headers;
  std::int64_t queue_capacity = 100000;  // samples waiting to be sent at most
  std::int64_t max_samples_per_send = 2000;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds min_backoff{30};
  std::chrono::milliseconds max_backoff{5000};

  // "sigv4", "basic_auth", "bearer_token", "bearer_token_file" or "none".
  std::string auth_kind() const {
    if (sigv4) return "sigv4";
    if (basic_auth) return "basic_auth";
    if (bearer_token) return "bearer_token";
    if (bearer_token_file) return "bearer_token_file";
    return "none";
  }

  friend bool operator==(const RemoteWriteTarget&, const RemoteWriteTarget&) = default;
};

// The validated configuration the rest of the program runs on. A default-constructed Settings holds
// the built-in defaults, the lowest configuration layer.
struct Settings {
  // One entry of aws.accounts: an account reached by AssumeRole from the base credentials, or, without
  // role_arn, the base credentials' own account.
  struct Account {
    std::optional<std::string> role_arn;
    std::optional<std::string> external_id;
    // Empty: aws.regions, else aws.region.
    std::vector<std::string> regions;
    std::optional<std::string> session_name;

    friend bool operator==(const Account&, const Account&) = default;
  };

  struct Aws {
    // Unset: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then EC2 instance metadata.
    std::optional<std::string> region;
    // Several regions watched with the same credentials; empty: aws.region alone.
    std::vector<std::string> regions;
    // When set, exactly these accounts are watched (each in its regions).
    std::vector<Account> accounts;
    // When role_name is set, the accounts come from AWS Organizations ListAccounts (ACTIVE ones), called with the
    // base credentials, and each is reached by assuming arn:<partition>:iam::<id>:role/<role_name>.
    struct Organization {
      std::optional<std::string> role_name;
      // Empty: aws.regions, else aws.region.
      std::vector<std::string> regions;
      // Empty: every account; otherwise only these.
      std::vector<std::string> include_accounts;
      std::vector<std::string> exclude_accounts;
    } organization;
    // Unset means the SDK's default credential chain decides.
    std::optional<std::string> credentials_profile;
    // One endpoint for every AWS service (a simulator, a proxy); unset: AWS_ENDPOINT_URL_<SERVICE>,
    // AWS_ENDPOINT_URL, the profile's endpoint_url, then AWS's standard endpoints.
    std::optional<std::string> endpoint_url;
    // Unset: AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, the profile's use_fips_endpoint /
    // use_dualstack_endpoint, then false (see aws/session/sdk_options.h).
    std::optional<bool> use_fips_endpoint;
    std::optional<bool> use_dualstack_endpoint;
    // A role assumed with whatever credentials the chain found, for watching another account.
    std::optional<std::string> assume_role_arn;
    std::optional<std::string> assume_role_external_id;
    std::string assume_role_session_name = "rds-exporter";
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{30000};
    int max_concurrent_requests = 8;
    // Requests per second per service, 0 for none: keeps the exporter below AWS's API quotas (RDS:
    // 12/s sustained per account and region; GetMetricData: 50/s), leaving room for other tools.
    struct RateLimit {
      double rds = 10;
      double cloudwatch = 40;
      // Performance Insights publishes no quota and is called once per instance and cycle: 20/s serves 1,000
      // instances a minute while leaving room for the account's other Performance Insights users.
      double pi = 20;
      // CloudWatch Logs' FilterLogEvents (Enhanced Monitoring): AWS's quota is 5 requests per second per account
      // and region, shared with every other reader of the account's logs.
      double logs = 4;
    } rate_limit;
  } aws;

  struct Exporter {
    std::string host = "0.0.0.0";
    std::uint16_t port = 9043;
    std::chrono::seconds collection_interval{60};
    // How long a value outlives its CloudWatch timestamp when collection keeps failing, before its series
    // vanishes rather than show a number that is no longer true.
    std::chrono::seconds stale_after{300};
    // Tag keys copied onto every series as tag_<key> labels.
    std::vector<std::string> tag_labels;
    // CloudWatch's datapoint timestamps on samples instead of Prometheus's scrape time (always on with replay).
    bool export_timestamps = false;
    // What /metrics shows of the points a cycle brings: the newest (newest), or every one, released one period
    // at a time with its own timestamp (replay).
    Delivery delivery = Delivery::newest;
    // How the CloudWatch and Performance Insights families are named, and their values scaled.
    Naming naming = Naming::prototype;
    // After SIGTERM, how long /-/ready answers 503 while everything is still served, so that Kubernetes and
    // load balancers stop sending traffic before the port closes.
    std::chrono::seconds shutdown_grace{0};
    // The HTTP server's bounds: a request head must arrive whole within read_header_timeout, an idle
    // keep-alive connection closes after idle_timeout, and connections beyond max_connections are refused.
    std::chrono::seconds read_header_timeout{10};
    std::chrono::seconds idle_timeout{60};
    std::int64_t max_connections = 1024;
  } exporter;

  struct Target {
    // The seed's single condition; an empty tag_key drops it.
    std::string tag_key = "env";
    std::string tag_value = "prd";
    // More conditions, all of which must hold as well. No condition at all watches every instance.
    std::vector<TagRule> tags;
    std::chrono::seconds discovery_interval{300};
  } target;

  struct CloudWatch {
    std::chrono::seconds period{60};
    std::string stat = "Average";
    // Total attempts, the first one included. Unset: AWS_MAX_ATTEMPTS, the profile's max_attempts, then 3.
    std::optional<int> retry_attempts;
    std::chrono::milliseconds retry_delay{1000};
    // How long before now each cycle's window ends: CloudWatch publishes RDS datapoints about a minute after
    // their period closes, and a period asked for earlier comes back empty or partial.
    std::chrono::seconds delay{60};
    struct Metrics {
      // CloudWatch metric names, exact case, checked against the catalog.
      std::vector<std::string> add;
      std::vector<std::string> drop;
      // Metric name → statistic, overriding `stat` for that metric.
      std::map<std::string, std::string> statistics;
    } metrics;
  } cloudwatch;

  struct PerformanceInsights {
    // The seed's engine-specific metrics (threads running, InnoDB buffer pool, active transactions, ...) from
    // the Performance Insights API, for instances that have it on.
    bool enabled = true;
  } performance_insights;

  struct Inventory {
    // What the RDS API says beyond CloudWatch: storage, certificates, maintenance, engine support, quotas,
    // events and max_connections (README "Inventory").
    bool enabled = true;
    // How often each distinct parameter group's user-set values are read again (max_connections).
    std::chrono::seconds parameters_refresh{3600};
    // How often the engines' support calendar (DescribeDBMajorEngineVersions) and default parameters are read.
    std::chrono::seconds engine_versions_refresh{86400};
  } inventory;

  struct EnhancedMonitoring {
    // The instances' OS metrics from Enhanced Monitoring's CloudWatch Logs documents (README "Enhanced
    // Monitoring"), for instances with a MonitoringInterval above 0.
    bool enabled = true;
    // How often the documents are read; 0: every exporter.collection_interval.
    std::chrono::seconds collection_interval{0};
    // The document's process list (high cardinality): off, or the top_processes processes by CPU and by memory.
    bool processes = false;
    int top_processes = 5;
  } enhanced_monitoring;

  struct Coordination {
    // Kubernetes Leases (README "Kubernetes"): the replicas share the scopes, each collecting and serving only those
    // whose Lease it holds. Off: this process watches every scope.
    bool enabled = false;
    // Where the Leases live. Unset: the pod's own namespace in-cluster, the kubeconfig context's outside, else
    // "default".
    std::optional<std::string> namespace_;
    // Lease names: <prefix>-replica-<identity> for each live replica, <prefix>-scope-<account>-<region> per scope.
    std::string lease_prefix = "rds-exporter";
    // This replica's holderIdentity. Unset: $POD_NAME, else the host name (a pod's name in Kubernetes).
    std::optional<std::string> identity;
    // client-go's recommended defaults; lease_duration > renew_deadline > 1.2 x retry_period.
    std::chrono::seconds lease_duration{15};
    std::chrono::seconds renew_deadline{10};
    std::chrono::seconds retry_period{2};
    // A kubeconfig file for running outside a cluster. Unset: in-cluster, else $KUBECONFIG.
    std::optional<std::string> kubeconfig;
  } coordination;

  struct Log {
    logging::LevelSpec level;
    // As written, so --check-config and log lines can echo what the user typed.
    std::string level_text = "info";
    LogFormat format = LogFormat::text;
  } log;

  // remote_write: every collected point is also pushed to each of these.
  std::vector<RemoteWriteTarget> remote_write;
};

}  // namespace rds_exporter::config
