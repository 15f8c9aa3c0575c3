#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// AWS_METADATA_SERVICE_TIMEOUT and AWS_METADATA_SERVICE_NUM_ATTEMPTS, as botocore reads them for instance
// metadata (credentials and region).
struct ImdsTuning {
  // Connect and total timeout of each request: AWS_METADATA_SERVICE_TIMEOUT seconds (fractions allowed), else 1 s.
  std::chrono::milliseconds timeout{1000};
  // Attempts of each GET: AWS_METADATA_SERVICE_NUM_ATTEMPTS; unset: 3 once an IMDSv2 token was granted, else 1.
  // The token request is made once, as in botocore.
  std::optional<int> attempts;
};

// Fails, naming the variable and the expected form, for a value that is not a positive number of seconds or a
// positive whole number of attempts: one message per bad variable.
common::Expected<ImdsTuning, std::vector<std::string>> imds_tuning_from_environment(
    const common::Environment& environment);

struct ImdsSettings {
  // http://169.254.169.254, http://[fd00:ec2::254] or AWS_EC2_METADATA_SERVICE_ENDPOINT, without a trailing '/'.
  std::string base_url;
  // False when AWS_EC2_METADATA_V1_DISABLED=true.
  bool v1_fallback_allowed = true;
  ImdsTuning tuning;
};

// AWS_EC2_METADATA_DISABLED=true: absent. A bad AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE): failed.
common::Expected<ImdsSettings, CredentialsProblem> imds_settings_from_environment(
    const common::Environment& environment);

// A conversation with EC2 instance metadata: an IMDSv2 session token first, or IMDSv1 where the service refuses
// tokens (or, as with a hop limit of 1 seen from a container, never answers the token request) and v1 is
// allowed. Timeouts are one second (settings.tuning) so that the credential chain fails fast off EC2.
class ImdsSession {
 public:
  // "No answer" (nothing listening, or silence) is absent: the usual case off EC2.
  static common::Expected<ImdsSession, CredentialsProblem> open(HttpTransport& transport, const ImdsSettings& settings);

  // GET base_url + path with the session token. Any HTTP answer is returned for the caller to judge; no answer
  // at all is a problem (absent for "nothing there", failed otherwise).
  common::Expected<common::HttpResponse, CredentialsProblem> get(std::string_view path) const;

  const std::string& base_url() const { return settings_.base_url; }

 private:
  ImdsSession(HttpTransport& transport, ImdsSettings settings, std::optional<std::string> token);

  HttpTransport* transport_;
  ImdsSettings settings_;
  // A secret: never logged. Unset when talking IMDSv1.
  std::optional<std::string> token_;
};

}  // namespace rds_exporter::aws
