#pragma once

#include "aws/credentials/shared_config_files.h"
#include "aws/retry/retry_policy.h"
#include "common/environment.h"
#include "common/expected.h"
#include "config/settings.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// One resolved setting and where it came from, as --check-config shows it: "cloudwatch.retry_attempts" (the
// exporter's key), "AWS_MAX_ATTEMPTS", "max_attempts in profile prod of /home/u/.aws/config", or "default".
template <typename T>
struct SdkSetting {
  T value;
  std::string source = "default";
};

// The settings AWS's SDKs read from the environment and the shared config file, which a platform team may set
// fleet-wide, resolved as the SDKs resolve them (https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html):
// the exporter's own key when the user set it, else the environment variable, else the profile's key, else the
// default.
struct SdkOptions {
  // cloudwatch.retry_attempts, AWS_MAX_ATTEMPTS, profile max_attempts; 3.
  SdkSetting<int> max_attempts{3};
  // AWS_RETRY_MODE, profile retry_mode; standard. "legacy" is read as standard, with a warning.
  SdkSetting<RetryMode> retry_mode{RetryMode::standard};
  // aws.use_fips_endpoint, AWS_USE_FIPS_ENDPOINT, profile use_fips_endpoint; false.
  SdkSetting<bool> use_fips_endpoint{false};
  // aws.use_dualstack_endpoint, AWS_USE_DUALSTACK_ENDPOINT, profile use_dualstack_endpoint; false.
  SdkSetting<bool> use_dualstack_endpoint{false};
  // AWS_CA_BUNDLE, profile ca_bundle; none (the system's trust store). Replaces the trust store when set.
  SdkSetting<std::optional<std::string>> ca_bundle{std::nullopt};
  // AWS_METADATA_SERVICE_TIMEOUT; 1 s (instance metadata: credentials and region).
  SdkSetting<std::chrono::milliseconds> metadata_service_timeout{std::chrono::milliseconds(1000)};
  // AWS_METADATA_SERVICE_NUM_ATTEMPTS; unset: 3 once an IMDSv2 token was granted, else 1.
  SdkSetting<std::optional<int>> metadata_service_num_attempts{std::nullopt};
  // Accepted but worth saying, e.g. retry_mode legacy read as standard.
  std::vector<std::string> warnings;

  // The attempts and mode, with the backoff base of cloudwatch.retry_delay.
  RetryPolicy retry_policy(std::chrono::milliseconds base_delay) const;
};

// What resolve_sdk_options reads. `profile` is the active profile's name (select_profile), looked up in `files`.
struct SdkOptionSources {
  const config::Settings& settings;
  const common::Environment& environment;
  const SharedConfigFiles& files;
  std::string profile;
};

// Fails with every bad value at once, each message naming the variable, or the profile key and its file, and the
// expected form, e.g. "AWS_MAX_ATTEMPTS: expected a whole number of attempts from 1 to 100, got 'abc'".
common::Expected<SdkOptions, std::vector<std::string>> resolve_sdk_options(const SdkOptionSources& sources);

// The same, loading the shared config files and selecting the profile as AwsSession does; a file that cannot be
// read is one more problem.
common::Expected<SdkOptions, std::vector<std::string>> resolve_sdk_options(const config::Settings& settings,
                                                                           const common::Environment& environment);

// For --check-config: a heading, then one line per setting: "aws.retry_mode: adaptive (from AWS_RETRY_MODE)".
std::string render_sdk_options(const SdkOptions& options);

// The problems as one message, for AwsSession::create's error.
std::string describe_sdk_problems(const std::vector<std::string>& problems);

}  // namespace rds_exporter::aws
