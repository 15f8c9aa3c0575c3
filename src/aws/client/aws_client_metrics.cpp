#include "aws/client/aws_client_metrics.h"

#include <string>

namespace rds_exporter::aws {

AwsClientMetrics::AwsClientMetrics()
    : requests_("rds_exporter_aws_requests_total",
                "HTTP requests sent to AWS APIs, retries included, by outcome (success, throttled, client_error, "
                "server_error, network_error, malformed_response, cancelled).",
                {"aws_account_id", "region", "service", "operation", "outcome"}),
      request_duration_("rds_exporter_aws_request_duration_seconds",
                        "Duration of one HTTP request to an AWS API, from sending to the whole answer.",
                        {"aws_account_id", "region", "service", "operation"}, {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}),
      retries_("rds_exporter_aws_retries_total", "AWS API requests sent again after a retryable failure.",
               {"aws_account_id", "region", "service", "operation"}),
      throttles_("rds_exporter_aws_throttles_total",
                 "AWS API requests refused because of throttling (Throttling, ThrottlingException, HTTP 429...).",
                 {"aws_account_id", "region", "service", "operation"}),
      retry_quota_exhausted_("rds_exporter_aws_retry_quota_exhausted_total",
                             "AWS API calls that failed without retrying because the retry quota was empty "
                             "(a storm of failures).",
                             {"aws_account_id", "region", "service", "operation"}),
      credential_refreshes_("rds_exporter_aws_credential_refreshes_total",
                            "Fetches of AWS credentials from their source, by provider and result.",
                            {"aws_account_id", "region", "provider", "result"}) {}

void AwsClientMetrics::add_scope(const ScopeLabels& scope, const std::vector<AwsOperation>& known_operations) {
  for (const auto& [service, operation] : known_operations) {
    for (telemetry::CounterFamily* counter : {&retries_, &throttles_, &retry_quota_exhausted_}) {
      counter->increment({scope.account_id, scope.region, service, operation}, 0);
    }
  }
}

void AwsClientMetrics::record_attempt(const ScopeLabels& scope, std::string_view service, std::string_view operation, std::string_view outcome,
                                      double seconds) {
  requests_.increment({scope.account_id, scope.region, std::string(service), std::string(operation), std::string(outcome)});
  request_duration_.observe({scope.account_id, scope.region, std::string(service), std::string(operation)}, seconds);
}

void AwsClientMetrics::record_retry(const ScopeLabels& scope, std::string_view service, std::string_view operation) {
  retries_.increment({scope.account_id, scope.region, std::string(service), std::string(operation)});
}

void AwsClientMetrics::record_throttle(const ScopeLabels& scope, std::string_view service, std::string_view operation) {
  throttles_.increment({scope.account_id, scope.region, std::string(service), std::string(operation)});
}

void AwsClientMetrics::record_retry_quota_exhausted(const ScopeLabels& scope, std::string_view service, std::string_view operation) {
  retry_quota_exhausted_.increment({scope.account_id, scope.region, std::string(service), std::string(operation)});
}

void AwsClientMetrics::record_credential_refresh(const ScopeLabels& scope, std::string_view provider, bool success) {
  credential_refreshes_.increment({scope.account_id, scope.region, std::string(provider), success ? "success" : "failure"});
}

std::vector<exposition::MetricFamily> AwsClientMetrics::collect() const {
  return {requests_.collect(),  request_duration_.collect(),      retries_.collect(),
          throttles_.collect(), retry_quota_exhausted_.collect(), credential_refreshes_.collect()};
}

}  // namespace rds_exporter::aws
