#pragma once

#include "logging/level_spec.h"
#include "logging/log_format.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace rds_exporter::config {

using logging::LogFormat;

// The validated configuration the rest of the program runs on. A default-constructed Settings holds
// the built-in defaults, the lowest configuration layer.
struct Settings {
  struct Aws {
    // Unset: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, then EC2 instance metadata.
    std::optional<std::string> region;
    // Unset means the SDK's default credential chain decides.
    std::optional<std::string> credentials_profile;
    // One endpoint for every AWS service (a simulator, a proxy); unset: AWS_ENDPOINT_URL_<SERVICE>,
    // AWS_ENDPOINT_URL, the profile's endpoint_url, then AWS's standard endpoints.
    std::optional<std::string> endpoint_url;
    bool use_fips_endpoint = false;
    bool use_dualstack_endpoint = false;
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
    } rate_limit;
  } aws;

  struct Exporter {
    std::string host = "0.0.0.0";
    std::uint16_t port = 9043;
    std::chrono::seconds collection_interval{60};
  } exporter;

  struct Target {
    std::string tag_key = "env";
    std::string tag_value = "prd";
  } target;

  struct CloudWatch {
    std::chrono::seconds period{60};
    std::string stat = "Average";
    // Total attempts, the first one included.
    int retry_attempts = 3;
    std::chrono::milliseconds retry_delay{1000};
  } cloudwatch;

  struct Log {
    logging::LevelSpec level;
    // As written, so --check-config and log lines can echo what the user typed.
    std::string level_text = "info";
    LogFormat format = LogFormat::text;
  } log;
};

}  // namespace rds_exporter::config
