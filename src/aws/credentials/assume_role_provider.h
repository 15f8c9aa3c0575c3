#pragma once

#include "aws/credentials/credentials_provider.h"
#include "aws/credentials/role_assumer.h"
#include "aws/credentials/wall_clock.h"

#include <memory>
#include <optional>
#include <string>

namespace rds_exporter::aws {

struct AssumeRoleSettings {
  std::string role_arn;
  // Unset: "rds-exporter-<unix time>".
  std::optional<std::string> session_name;
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;
  // Where the source credentials come from, for messages: `source_profile "keys"`, "credential_source
  // Environment", "the default credential chain".
  std::string source_description;
};

// STS AssumeRole signed with another provider's credentials: a profile's role_arn, or the exporter's own
// aws.assume_role_arn on top of whatever credentials the chain found (cross-account access).
class AssumeRoleProvider final : public CredentialsProvider {
 public:
  // `source` is asked for credentials twice per fetch (once here, to report its own problem in its own words,
  // once by the role assumer to sign), so it should be cached.
  AssumeRoleProvider(std::shared_ptr<CredentialsProvider> source, AssumeRoleSettings settings,
                     RoleAssumer& role_assumer, WallClock clock = system_wall_clock());

  CredentialsResult credentials() override;
  void invalidate() override { source_->invalidate(); }
  std::string_view name() const override { return "assume_role"; }

 private:
  std::shared_ptr<CredentialsProvider> source_;
  AssumeRoleSettings settings_;
  AssumeRoleParameters parameters_;
  RoleAssumer& role_assumer_;
};

}  // namespace rds_exporter::aws
