#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

struct ImdsSettings {
  // http://169.254.169.254, http://[fd00:ec2::254] or AWS_EC2_METADATA_SERVICE_ENDPOINT, without a trailing '/'.
  std::string base_url;
  // False when AWS_EC2_METADATA_V1_DISABLED=true.
  bool v1_fallback_allowed = true;
};

// AWS_EC2_METADATA_DISABLED=true: absent. A bad AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE): failed.
common::Expected<ImdsSettings, CredentialsProblem> imds_settings_from_environment(
    const common::Environment& environment);

// A conversation with EC2 instance metadata: an IMDSv2 session token first, or IMDSv1 where the service refuses
// tokens (or, as with a hop limit of 1 seen from a container, never answers the token request) and v1 is
// allowed. Timeouts are one second so that the credential chain fails fast off EC2.
class ImdsSession {
 public:
  // "No answer" (nothing listening, or silence) is absent: the usual case off EC2.
  static common::Expected<ImdsSession, CredentialsProblem> open(HttpTransport& transport, const ImdsSettings& settings);

  // GET base_url + path with the session token. Any HTTP answer is returned for the caller to judge; no answer
  // at all is a problem (absent for "nothing there", failed otherwise).
  common::Expected<HttpResponse, CredentialsProblem> get(std::string_view path) const;

  const std::string& base_url() const { return settings_.base_url; }

 private:
  ImdsSession(HttpTransport& transport, ImdsSettings settings, std::optional<std::string> token);

  HttpTransport* transport_;
  ImdsSettings settings_;
  // A secret: never logged. Unset when talking IMDSv1.
  std::optional<std::string> token_;
};

}  // namespace rds_exporter::aws
