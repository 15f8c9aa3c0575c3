#pragma once

#include "exposition/metric_family.h"
#include "telemetry/metric_families.h"

#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// A (service, operation) pair as the self-metrics label it: the service's endpoint prefix ("rds",
// "monitoring", "pi") and the API operation ("DescribeDBInstances").
struct AwsOperation {
  std::string service;
  std::string operation;
};

// Which scope (account, region) a call works for, as every AWS self-metric labels it (aws_account_id, region).
// Calls made with the base credentials for no one scope (credential sources, Organizations, the caller's
// identity) have an empty account id.
struct ScopeLabels {
  std::string account_id;
  std::string region;

  // "123456789012/eu-west-1": how logs name the scope and the key the snapshot store files it under.
  std::string describe() const { return account_id + "/" + region; }

  friend bool operator==(const ScopeLabels&, const ScopeLabels&) = default;
};

// The AWS layer's self-metrics: what the exporter asks of AWS, how long it takes, and what AWS pushes
// back with. Per HTTP attempt, so that the counts match what AWS's quotas and CloudTrail see.
class AwsClientMetrics {
 public:
  AwsClientMetrics();

  // Creates the retry, throttle and retry-quota counters of the calls a scope is sure to make at 0, so that
  // rate() and increase() see their first increment.
  void add_scope(const ScopeLabels& scope, const std::vector<AwsOperation>& known_operations);

  // outcome: "success", or the error code class: "throttled", "client_error", "server_error",
  // "network_error", "malformed_response"; "cancelled" for an attempt abandoned because stop was requested
  // (not a failure of the service).
  void record_attempt(const ScopeLabels& scope, std::string_view service, std::string_view operation,
                      std::string_view outcome, double seconds);
  void record_retry(const ScopeLabels& scope, std::string_view service, std::string_view operation);
  void record_throttle(const ScopeLabels& scope, std::string_view service, std::string_view operation);
  void record_retry_quota_exhausted(const ScopeLabels& scope, std::string_view service, std::string_view operation);
  void record_credential_refresh(const ScopeLabels& scope, std::string_view provider, bool success);

  std::vector<exposition::MetricFamily> collect() const;

  const telemetry::CounterFamily& requests() const { return requests_; }
  const telemetry::CounterFamily& retries() const { return retries_; }
  const telemetry::CounterFamily& throttles() const { return throttles_; }
  const telemetry::CounterFamily& retry_quota_exhausted() const { return retry_quota_exhausted_; }
  const telemetry::CounterFamily& credential_refreshes() const { return credential_refreshes_; }
  const telemetry::HistogramFamily& request_duration() const { return request_duration_; }

 private:
  telemetry::CounterFamily requests_;
  telemetry::HistogramFamily request_duration_;
  telemetry::CounterFamily retries_;
  telemetry::CounterFamily throttles_;
  telemetry::CounterFamily retry_quota_exhausted_;
  telemetry::CounterFamily credential_refreshes_;
};

}  // namespace rds_exporter::aws
