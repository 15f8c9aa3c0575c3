#include "aws/credentials/imds_provider.h"

#include "aws/credentials/credentials_json.h"
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "common/text.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kRolesPath = "/latest/meta-data/iam/security-credentials/";
constexpr std::string_view kRegionPath = "/latest/meta-data/placement/region";

std::string first_line(std::string_view text) { return std::string(common::trim(text.substr(0, text.find('\n')))); }

}  // namespace

ImdsProvider::ImdsProvider(HttpTransport& transport, const common::Environment& environment)
    : transport_(transport), settings_(imds_settings_from_environment(environment)) {}

CredentialsResult ImdsProvider::credentials() {
  if (!settings_) return common::Unexpected{settings_.error()};
  const auto session = ImdsSession::open(transport_, *settings_);
  if (!session) return common::Unexpected{session.error()};

  const auto roles = session->get(kRolesPath);
  if (!roles) return common::Unexpected{roles.error()};
  if (roles->status == 404 || (roles->status == 200 && first_line(roles->body).empty())) {
    return common::Unexpected{CredentialsProblem{
        CredentialsProblem::Kind::absent, fmt::format("the instance at {} has no IAM role", session->base_url())}};
  }
  if (roles->status != 200) {
    return common::Unexpected{credentials_failed(
        fmt::format("{} answered HTTP {} to GET {}", session->base_url(), roles->status, kRolesPath))};
  }
  const std::string role = first_line(roles->body);
  const std::string role_path = std::string(kRolesPath) + role;
  logging::logger("credentials")
      ->debug("fetching instance profile credentials for role {} from {}", role, session->base_url());

  const auto response = session->get(role_path);
  if (!response) return common::Unexpected{response.error()};
  if (response->status != 200) {
    return common::Unexpected{credentials_failed(
        fmt::format("{} answered HTTP {} to GET {}", session->base_url(), response->status, role_path))};
  }
  const auto document = parse_json_document(response->body);
  if (!document) {
    return common::Unexpected{credentials_failed(
        fmt::format("{} answered GET {} with {}", session->base_url(), role_path, document.error()))};
  }
  try {
    const JsonElement root(*document, "");
    const std::string code = root.optional_string("Code").value_or("");
    if (code != "Success") {
      return common::Unexpected{credentials_failed(fmt::format(
          "{} answered GET {} with Code \"{}\" instead of \"Success\"", session->base_url(), role_path, code))};
    }
    return read_credentials_members(root, "Token");
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{credentials_failed(
        fmt::format("{} answered GET {} with unusable JSON: {}", session->base_url(), role_path, error.what()))};
  }
}

std::optional<std::string> imds_region(HttpTransport& transport, const common::Environment& environment) {
  const auto settings = imds_settings_from_environment(environment);
  if (!settings) return std::nullopt;
  const auto session = ImdsSession::open(transport, *settings);
  if (!session) return std::nullopt;
  const auto response = session->get(kRegionPath);
  if (!response || response->status != 200) return std::nullopt;
  std::string region = first_line(response->body);
  if (region.empty()) return std::nullopt;
  return region;
}

}  // namespace rds_exporter::aws
