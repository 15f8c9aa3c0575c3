#include "sim/credentials/instance_metadata_service.h"

#include "sim/common/iso8601.h"
#include "sim/common/request_lookup.h"
#include "sim/credentials/credentials_json.h"

#include <charconv>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kCredentialsPath = "/latest/meta-data/iam/security-credentials/";
constexpr std::string_view kRegionPath = "/latest/meta-data/placement/region";
constexpr long long kMaxTokenTtlSeconds = 21600;
// What EC2 gives instance profile credentials.
constexpr hours kInstanceCredentialLifetime{6};
// The session name EC2 uses is the instance id.
constexpr std::string_view kInstanceId = "i-0123456789abcdef0";

// IMDS answers errors with a small XHTML page naming the status.
RestAnswer imds_error(int status, std::string_view reason, std::string operation) {
  const std::string title = std::to_string(status) + " - " + std::string(reason);
  std::string body =
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
      "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>" +
      title + "</title>\n </head>\n <body>\n  <h1>" + title + "</h1>\n </body>\n</html>\n";
  return {{status, "text/html", std::move(body), {}}, std::move(operation), std::to_string(status)};
}

RestAnswer text(std::string body, std::string operation, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {{200, "text/plain", std::move(body), std::move(headers)}, std::move(operation), "200"};
}

std::string operation_of(std::string_view path) {
  if (path == kTokenPath) return "PutToken";
  if (path == kCredentialsPath) return "GetRoleName";
  if (path.starts_with(kCredentialsPath)) return "GetRoleCredentials";
  if (path == kRegionPath) return "GetRegion";
  return "(other path)";
}

}  // namespace

InstanceMetadataService::InstanceMetadataService(std::shared_ptr<const Fleet> fleet, CredentialStore& store,
                                                 Clock clock)
    : fleet_(std::move(fleet)), store_(store), tokens_(std::move(clock)) {}

RestAnswer InstanceMetadataService::handle(const common::HttpRequest& request) const {
  const std::string_view path = request.path;
  std::string operation = operation_of(path);
  if (path == kTokenPath) {
    if (request.method != "PUT") return imds_error(405, "Method Not Allowed", std::move(operation));
    return put_token(request);
  }
  if (request.method != "GET") return imds_error(405, "Method Not Allowed", std::move(operation));
  const std::string* token = find_header(request.headers, "X-aws-ec2-metadata-token");
  if (token == nullptr || !tokens_.valid(*token)) return imds_error(401, "Unauthorized", std::move(operation));

  const std::string& role = fleet_->credential_sources().instance_profile_role;
  if (path == kCredentialsPath) {
    if (role.empty()) return imds_error(404, "Not Found", std::move(operation));
    return text(role, std::move(operation));
  }
  if (path.starts_with(kCredentialsPath)) return role_credentials(path.substr(kCredentialsPath.size()));
  if (path == kRegionPath) return text(fleet_->region(), std::move(operation));
  return imds_error(404, "Not Found", std::move(operation));
}

RestAnswer InstanceMetadataService::put_token(const common::HttpRequest& request) const {
  const std::string* ttl_text = find_header(request.headers, "X-aws-ec2-metadata-token-ttl-seconds");
  long long ttl = 0;
  if (ttl_text == nullptr) return imds_error(400, "Bad Request", "PutToken");
  const auto [end, failure] = std::from_chars(ttl_text->data(), ttl_text->data() + ttl_text->size(), ttl);
  if (failure != std::errc{} || end != ttl_text->data() + ttl_text->size() || ttl < 1 || ttl > kMaxTokenTtlSeconds) {
    return imds_error(400, "Bad Request", "PutToken");
  }
  return text(tokens_.issue(seconds{ttl}), "PutToken", {{"X-aws-ec2-metadata-token-ttl-seconds", *ttl_text}});
}

RestAnswer InstanceMetadataService::role_credentials(std::string_view role_name) const {
  const Role* role = fleet_->credential_sources().instance_profile_role == role_name
                         ? fleet_->credential_sources().find_role_by_name(role_name)
                         : nullptr;
  if (role == nullptr) return imds_error(404, "Not Found", "GetRoleCredentials");
  const TemporaryCredentials credentials =
      store_.issue(*role, fleet_->account_id(), kInstanceId, duration_cast<seconds>(kInstanceCredentialLifetime));
  nlohmann::ordered_json body = {{"Code", "Success"},
                                 {"LastUpdated", iso8601(floor<seconds>(store_.now()))},
                                 {"Type", "AWS-HMAC"}};
  body.update(credentials_json(credentials));
  return text(body.dump(2), "GetRoleCredentials");
}

}  // namespace rds_exporter::sim
