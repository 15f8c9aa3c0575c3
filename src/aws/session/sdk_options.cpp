#include "aws/session/sdk_options.h"

#include "aws/credentials/imds_session.h"
#include "aws/credentials/profile_selection.h"
#include "common/text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <utility>

namespace rds_exporter::aws {
namespace {

// A value as one source wrote it.
struct Written {
  std::string text;
  // Names the source in --check-config and in messages: "AWS_RETRY_MODE", "retry_mode in profile prod of ...".
  std::string source;
};

template <typename T>
using Reader = std::function<std::optional<T>(std::string_view text, const Written& written)>;

class Resolver {
 public:
  explicit Resolver(const SdkOptionSources& sources) : sources_(sources) {}

  // The environment variable, else the profile's key: the first one set, as the SDKs look them up.
  std::optional<Written> written(std::string_view variable, std::string_view profile_key) const {
    if (auto text = common::non_empty(sources_.environment, variable)) return Written{*text, std::string(variable)};
    if (auto text = sources_.files.profile_value(sources_.profile, profile_key)) {
      return Written{*text, fmt::format("{} in profile {} of {}", profile_key, sources_.profile,
                                        profile_file(profile_key))};
    }
    return std::nullopt;
  }

  // Reads the winning source into `setting`; a value it cannot read is a problem naming the source.
  template <typename T>
  void resolve(SdkSetting<T>& setting, std::string_view variable, std::string_view profile_key,
               std::string_view expected, const Reader<T>& read) {
    const auto found = written(variable, profile_key);
    if (!found) return;
    if (auto value = read(common::trim(found->text), *found)) {
      setting = SdkSetting<T>{std::move(*value), found->source};
    } else {
      problems.push_back(fmt::format("{}: expected {}, got '{}'", found->source, expected, found->text));
    }
  }

  std::vector<std::string> problems;
  std::vector<std::string> warnings;

 private:
  std::string profile_file(std::string_view key) const {
    const IniProperties* in_credentials = sources_.files.credentials_file_profile(sources_.profile);
    const bool from_credentials = in_credentials != nullptr && in_credentials->find(key) != in_credentials->end();
    return from_credentials ? sources_.files.paths().credentials_file : sources_.files.paths().config_file;
  }

  const SdkOptionSources& sources_;
};

std::optional<int> read_attempts(std::string_view text, const Written&) {
  if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const int attempts = std::stoi(std::string(text));
  if (attempts < 1 || attempts > 100) return std::nullopt;
  return attempts;
}

std::optional<bool> read_boolean(std::string_view text, const Written&) {
  if (common::equals_ignore_case_ascii(text, "true")) return true;
  if (common::equals_ignore_case_ascii(text, "false")) return false;
  return std::nullopt;
}

std::string readable_file_problem(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return "does not exist";
  if (!std::filesystem::is_regular_file(path, error)) return "is not a file";
  if (!std::ifstream(path).is_open()) return "cannot be read";
  return {};
}

std::string seconds_text(std::chrono::milliseconds duration) { return fmt::format("{}", duration.count() / 1000.0); }

template <typename T>
std::string line(std::string_view name, std::string_view value, const SdkSetting<T>& setting) {
  return fmt::format("{}: {} (from {})\n", name, value, setting.source);
}

}  // namespace

RetryPolicy SdkOptions::retry_policy(std::chrono::milliseconds base_delay) const {
  return RetryPolicy{max_attempts.value, base_delay, retry_mode.value};
}

common::Expected<SdkOptions, std::vector<std::string>> resolve_sdk_options(const SdkOptionSources& sources) {
  SdkOptions options;
  Resolver resolver(sources);
  const config::Settings& settings = sources.settings;

  if (settings.cloudwatch.retry_attempts) {
    options.max_attempts = {*settings.cloudwatch.retry_attempts, "cloudwatch.retry_attempts"};
  } else {
    resolver.resolve<int>(options.max_attempts, "AWS_MAX_ATTEMPTS", "max_attempts",
                          "a whole number of attempts from 1 to 100, the first one included", read_attempts);
  }

  resolver.resolve<RetryMode>(
      options.retry_mode, "AWS_RETRY_MODE", "retry_mode", "standard or adaptive (legacy is read as standard)",
      [&](std::string_view text, const Written& written) -> std::optional<RetryMode> {
        if (common::equals_ignore_case_ascii(text, "standard")) return RetryMode::standard;
        if (common::equals_ignore_case_ascii(text, "adaptive")) return RetryMode::adaptive;
        if (!common::equals_ignore_case_ascii(text, "legacy")) return std::nullopt;
        resolver.warnings.push_back(fmt::format(
            "{}: legacy, each SDK's own older retry rules, is read as standard (the AWS SDKs' common rules)",
            written.source));
        return RetryMode::standard;
      });

  const auto endpoint_variant = [&](SdkSetting<bool>& setting, const std::optional<bool>& exporter_key,
                                    std::string_view key_name, std::string_view variable, std::string_view profile_key) {
    if (exporter_key) {
      setting = {*exporter_key, std::string(key_name)};
    } else {
      resolver.resolve<bool>(setting, variable, profile_key, "true or false", read_boolean);
    }
  };
  endpoint_variant(options.use_fips_endpoint, settings.aws.use_fips_endpoint, "aws.use_fips_endpoint",
                   "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
  endpoint_variant(options.use_dualstack_endpoint, settings.aws.use_dualstack_endpoint, "aws.use_dualstack_endpoint",
                   "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");

  resolver.resolve<std::optional<std::string>>(
      options.ca_bundle, "AWS_CA_BUNDLE", "ca_bundle", "a readable PEM file of certificate authorities",
      [&](std::string_view text, const Written& written) -> std::optional<std::optional<std::string>> {
        const std::string path(text);
        if (path.empty()) return std::nullopt;
        if (const auto problem = readable_file_problem(path); !problem.empty()) {
          resolver.problems.push_back(fmt::format("{}: {} {}; expected a readable PEM file of certificate authorities",
                                                  written.source, path, problem));
          return std::optional<std::string>{path};
        }
        return std::optional<std::string>{path};
      });

  if (auto tuning = imds_tuning_from_environment(sources.environment)) {
    if (common::non_empty(sources.environment, "AWS_METADATA_SERVICE_TIMEOUT")) {
      options.metadata_service_timeout = {tuning->timeout, "AWS_METADATA_SERVICE_TIMEOUT"};
    }
    if (tuning->attempts) options.metadata_service_num_attempts = {tuning->attempts, "AWS_METADATA_SERVICE_NUM_ATTEMPTS"};
  } else {
    resolver.problems.insert(resolver.problems.end(), tuning.error().begin(), tuning.error().end());
  }

  if (!resolver.problems.empty()) return common::Unexpected{std::move(resolver.problems)};
  options.warnings = std::move(resolver.warnings);
  return options;
}

common::Expected<SdkOptions, std::vector<std::string>> resolve_sdk_options(const config::Settings& settings,
                                                                           const common::Environment& environment) {
  auto files = SharedConfigFiles::load(environment);
  if (!files) return common::Unexpected{std::vector<std::string>{files.error()}};
  return resolve_sdk_options(SdkOptionSources{settings, environment, *files,
                                              select_profile(environment, settings.aws.credentials_profile).name});
}

std::string render_sdk_options(const SdkOptions& options) {
  std::string text =
      "AWS SDK settings in effect (the exporter's key, else the AWS_* variable, else the profile, else the default):\n";
  text += line("aws.max_attempts", std::to_string(options.max_attempts.value), options.max_attempts);
  text += line("aws.retry_mode", to_string(options.retry_mode.value), options.retry_mode);
  text += line("aws.use_fips_endpoint", options.use_fips_endpoint.value ? "true" : "false", options.use_fips_endpoint);
  text += line("aws.use_dualstack_endpoint", options.use_dualstack_endpoint.value ? "true" : "false",
               options.use_dualstack_endpoint);
  text += line("aws.ca_bundle", options.ca_bundle.value.value_or("(unset)"),
               options.ca_bundle);
  text += line("aws.metadata_service_timeout", seconds_text(options.metadata_service_timeout.value),
               options.metadata_service_timeout);
  const auto& attempts = options.metadata_service_num_attempts;
  text += line("aws.metadata_service_num_attempts",
               attempts.value ? std::to_string(*attempts.value) : "(unset)", attempts);
  return text;
}

std::string describe_sdk_problems(const std::vector<std::string>& problems) {
  return fmt::format("{}", fmt::join(problems, "; "));
}

}  // namespace rds_exporter::aws
