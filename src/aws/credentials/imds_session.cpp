#include "aws/credentials/imds_session.h"

#include "aws/credentials/endpoint_attempts.h"
#include "aws/transport/url.h"
#include "common/text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <utility>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
// Six hours, as botocore and the JavaScript SDK ask.
constexpr std::string_view kTokenTtlSeconds = "21600";
// Once a token was granted the service is known to be there, so a busy moment is worth retrying.
constexpr int kAttemptsWithToken = 3;

bool is_true(const common::Environment& environment, std::string_view name) {
  const auto value = common::non_empty(environment, name);
  return value && common::equals_ignore_case_ascii(common::trim(*value), "true");
}

OutgoingRequest metadata_request(std::string method, std::string url, const ImdsTuning& tuning) {
  OutgoingRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.connect_timeout = tuning.timeout;
  request.total_timeout = tuning.timeout;
  return request;
}

// A positive decimal number (digits, at most one point), or nothing.
std::optional<double> positive_number(std::string_view text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789.") != std::string_view::npos ||
      text.find('.') != text.rfind('.') || text == ".") {
    return std::nullopt;
  }
  const double value = std::stod(std::string(text));
  if (!(value > 0)) return std::nullopt;
  return value;
}

bool means_nothing_there(TransportErrorKind kind) {
  return kind == TransportErrorKind::connect_failed || kind == TransportErrorKind::timed_out;
}

CredentialsProblem no_answer(const std::string& base_url, const TransportError& error) {
  const auto kind = means_nothing_there(error.kind)
                        ? CredentialsProblem::Kind::absent
                        : failed_unless_cancelled(error.kind == TransportErrorKind::cancelled);
  return CredentialsProblem{kind, fmt::format("no answer from {} ({})", base_url, to_string(error.kind))};
}

}  // namespace

common::Expected<ImdsTuning, std::vector<std::string>> imds_tuning_from_environment(
    const common::Environment& environment) {
  ImdsTuning tuning;
  std::vector<std::string> problems;
  if (const auto text = common::non_empty(environment, "AWS_METADATA_SERVICE_TIMEOUT")) {
    const auto seconds = positive_number(common::trim(*text));
    if (!seconds || *seconds > 3600) {
      problems.push_back(fmt::format(
          "AWS_METADATA_SERVICE_TIMEOUT: expected seconds above 0 and at most 3600 (e.g. 1 or 0.5), got '{}'", *text));
    } else {
      tuning.timeout = std::max(std::chrono::milliseconds(1),
                                std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(*seconds * 1000))));
    }
  }
  if (const auto text = common::non_empty(environment, "AWS_METADATA_SERVICE_NUM_ATTEMPTS")) {
    const std::string_view digits = common::trim(*text);
    const bool numeral = !digits.empty() && digits.size() <= 3 &&
                         digits.find_first_not_of("0123456789") == std::string_view::npos;
    const int attempts = numeral ? std::stoi(std::string(digits)) : 0;
    if (attempts < 1 || attempts > 100) {
      problems.push_back(fmt::format(
          "AWS_METADATA_SERVICE_NUM_ATTEMPTS: expected a whole number of attempts from 1 to 100, got '{}'", *text));
    } else {
      tuning.attempts = attempts;
    }
  }
  if (!problems.empty()) return common::Unexpected{std::move(problems)};
  return tuning;
}

common::Expected<ImdsSettings, CredentialsProblem> imds_settings_from_environment(
    const common::Environment& environment) {
  if (is_true(environment, "AWS_EC2_METADATA_DISABLED")) {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::absent, "disabled by AWS_EC2_METADATA_DISABLED=true"}};
  }
  ImdsSettings settings;
  auto tuning = imds_tuning_from_environment(environment);
  if (!tuning) {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::failed, fmt::format("{}", fmt::join(tuning.error(), "; "))}};
  }
  settings.tuning = *tuning;
  settings.v1_fallback_allowed = !is_true(environment, "AWS_EC2_METADATA_V1_DISABLED");
  if (auto endpoint = common::non_empty(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    std::string url(common::trim(*endpoint));
    while (url.ends_with('/')) url.pop_back();
    if (!parse_url(url)) {
      return common::Unexpected{
          CredentialsProblem{CredentialsProblem::Kind::failed, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not a URL"}};
    }
    settings.base_url = std::move(url);
    return settings;
  }
  const std::string mode = common::non_empty(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("IPv4");
  if (common::equals_ignore_case_ascii(mode, "IPv4")) {
    settings.base_url = "http://169.254.169.254";
  } else if (common::equals_ignore_case_ascii(mode, "IPv6")) {
    settings.base_url = "http://[fd00:ec2::254]";
  } else {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::failed,
                           fmt::format("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not {}", mode)}};
  }
  return settings;
}

ImdsSession::ImdsSession(HttpTransport& transport, ImdsSettings settings, std::optional<std::string> token)
    : transport_(&transport), settings_(std::move(settings)), token_(std::move(token)) {}

common::Expected<ImdsSession, CredentialsProblem> ImdsSession::open(HttpTransport& transport,
                                                                    const ImdsSettings& settings) {
  auto request = metadata_request("PUT", settings.base_url + std::string(kTokenPath), settings.tuning);
  request.headers.emplace_back("x-aws-ec2-metadata-token-ttl-seconds", std::string(kTokenTtlSeconds));
  const auto response = transport.send(request);

  std::string why_v1;
  if (!response) {
    if (response.error().kind != TransportErrorKind::timed_out &&
        response.error().kind != TransportErrorKind::connection_broken) {
      return common::Unexpected{no_answer(settings.base_url, response.error())};
    }
    why_v1 = fmt::format("the IMDSv2 token request got no answer ({})", to_string(response.error().kind));
  } else if (response->status == 200) {
    const std::string_view token = common::trim(response->body);
    if (token.empty()) {
      return common::Unexpected{CredentialsProblem{
          CredentialsProblem::Kind::failed,
          fmt::format("{} answered the IMDSv2 token request with an empty token", settings.base_url)}};
    }
    return ImdsSession(transport, settings, std::string(token));
  } else if (response->status == 403 || response->status == 404 || response->status == 405 || response->status >= 500) {
    why_v1 = fmt::format("the IMDSv2 token request answered HTTP {}", response->status);
  } else {
    return common::Unexpected{CredentialsProblem{
        CredentialsProblem::Kind::failed,
        fmt::format("{} answered HTTP {} to the IMDSv2 token request", settings.base_url, response->status)}};
  }

  if (!settings.v1_fallback_allowed) {
    if (!response) return common::Unexpected{no_answer(settings.base_url, response.error())};
    return common::Unexpected{CredentialsProblem{
        CredentialsProblem::Kind::failed,
        fmt::format("{} at {} and AWS_EC2_METADATA_V1_DISABLED=true forbids IMDSv1", why_v1, settings.base_url)}};
  }
  logging::logger("credentials")->debug("instance metadata at {}: using IMDSv1 because {}", settings.base_url, why_v1);
  return ImdsSession(transport, settings, std::nullopt);
}

common::Expected<common::HttpResponse, CredentialsProblem> ImdsSession::get(std::string_view path) const {
  auto request = metadata_request("GET", settings_.base_url + std::string(path), settings_.tuning);
  if (token_) request.headers.emplace_back("x-aws-ec2-metadata-token", *token_);
  const int attempts = settings_.tuning.attempts.value_or(token_ ? kAttemptsWithToken : 1);
  auto response = send_with_attempts(*transport_, request, attempts);
  if (!response) return common::Unexpected{no_answer(settings_.base_url, response.error())};
  return *std::move(response);
}

}  // namespace rds_exporter::aws
