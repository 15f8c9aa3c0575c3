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
    std::string region = "ap-northeast-2";
    // Unset means the SDK's default credential chain decides.
    std::optional<std::string> credentials_profile;
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
