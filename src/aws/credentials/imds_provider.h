#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/imds_session.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

// The EC2 instance profile's credentials from instance metadata: the role named under
// /latest/meta-data/iam/security-credentials/, then that role's credentials JSON ("Code": "Success").
// Off EC2 (no answer) and on an instance without a role the result is absent.
class ImdsProvider final : public CredentialsProvider {
 public:
  ImdsProvider(HttpTransport& transport, const common::Environment& environment);

  CredentialsResult credentials() override;
  std::string_view name() const override { return "imds"; }

 private:
  HttpTransport& transport_;
  common::Expected<ImdsSettings, CredentialsProblem> settings_;
};

// The instance's region from /latest/meta-data/placement/region; nothing when instance metadata is disabled,
// absent or unhelpful.
std::optional<std::string> imds_region(HttpTransport& transport, const common::Environment& environment);

}  // namespace rds_exporter::aws
