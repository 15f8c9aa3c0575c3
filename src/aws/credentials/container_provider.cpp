#include "aws/credentials/container_provider.h"

#include "aws/credentials/credentials_json.h"
#include "aws/credentials/endpoint_attempts.h"
#include "aws/credentials/file_text.h"
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "aws/transport/plain_http_policy.h"
#include "aws/transport/url.h"
#include "common/text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <chrono>
#include <utility>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kEcsHost = "http://169.254.170.2";
constexpr int kAttempts = 3;
constexpr std::chrono::milliseconds kConnectTimeout{1000};
constexpr std::chrono::milliseconds kTotalTimeout{2000};

// The instance metadata addresses pass plain_http_allowed but are not container endpoints; botocore and the
// JavaScript SDK refuse them here too.
bool plain_http_container_host(std::string_view host) {
  return plain_http_allowed(host) && host != "169.254.169.254" &&
         !common::equals_ignore_case_ascii(host, "fd00:ec2::254");
}

}  // namespace

common::Expected<std::string, CredentialsProblem> container_credentials_url(const common::Environment& environment) {
  if (const auto relative = common::non_empty(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    return std::string(kEcsHost) + *relative;
  }
  const auto full = common::non_empty(environment, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full) {
    return common::Unexpected{
        CredentialsProblem{CredentialsProblem::Kind::absent,
                           "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set"}};
  }
  const auto parts = parse_url(*full);
  if (!parts) return common::Unexpected{credentials_failed("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")};
  if (parts->scheme == "https") return *full;
  if (parts->scheme != "http") {
    return common::Unexpected{credentials_failed(
        fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or http, not {}", parts->scheme))};
  }
  if (!plain_http_container_host(parts->host)) {
    return common::Unexpected{credentials_failed(fmt::format(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI may use plain http only to loopback, 169.254.170.2, 169.254.170.23 or "
        "fd00:ec2::23, not {}",
        parts->host))};
  }
  return *full;
}

ContainerProvider::ContainerProvider(HttpTransport& transport, common::Environment environment)
    : transport_(transport), environment_(std::move(environment)), url_(container_credentials_url(environment_)) {}

common::Expected<std::optional<std::string>, CredentialsProblem> ContainerProvider::authorization() const {
  std::optional<std::string> token;
  if (const auto file = common::non_empty(environment_, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    auto text = read_file_text(*file);
    if (!text) return common::Unexpected{credentials_failed("container authorization token: " + text.error().message)};
    token = std::string(common::trim(*text));
    if (token->find_first_of("\r\n") != std::string::npos) {
      return common::Unexpected{
          credentials_failed(fmt::format("the container authorization token in {} spans lines", *file))};
    }
  } else if (auto variable = common::non_empty(environment_, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *std::move(variable);
    if (token->find_first_of("\r\n") != std::string::npos) {
      return common::Unexpected{credentials_failed("AWS_CONTAINER_AUTHORIZATION_TOKEN contains a line break")};
    }
  }
  return token;
}

CredentialsResult ContainerProvider::credentials() {
  if (!url_) return common::Unexpected{url_.error()};
  const auto token = authorization();
  if (!token) return common::Unexpected{token.error()};

  OutgoingRequest request;
  request.method = "GET";
  request.url = *url_;
  request.headers.emplace_back("Accept", "application/json");
  if (*token) request.headers.emplace_back("Authorization", **token);
  request.connect_timeout = kConnectTimeout;
  request.total_timeout = kTotalTimeout;
  logging::logger("credentials")->debug("fetching container credentials from {}", *url_);

  const auto response = send_with_attempts(transport_, request, kAttempts);
  if (!response) {
    return common::Unexpected{CredentialsProblem{
        failed_unless_cancelled(response.error().kind == TransportErrorKind::cancelled),
        fmt::format("no answer from {} after {} attempts ({}: {})", *url_, kAttempts, to_string(response.error().kind),
                    response.error().message)}};
  }
  if (response->status != 200) {
    return common::Unexpected{credentials_failed(fmt::format("{} answered HTTP {}", *url_, response->status))};
  }
  const auto document = parse_json_document(response->body);
  if (!document) {
    return common::Unexpected{credentials_failed(fmt::format("{} answered with {}", *url_, document.error()))};
  }
  try {
    return read_credentials_members(JsonElement(*document, ""), "Token");
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{
        credentials_failed(fmt::format("{} answered with unusable JSON: {}", *url_, error.what()))};
  }
}

}  // namespace rds_exporter::aws
