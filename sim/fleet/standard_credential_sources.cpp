#include "sim/fleet/standard_credential_sources.h"

#include "sim/fleet/standard_principals.h"

namespace rds_exporter::sim {

CredentialSources standard_credential_sources(std::string_view account_id) {
  const std::vector<std::string> exporter_actions(std::begin(kExporterActions), std::end(kExporterActions));
  const std::string provider = "arn:aws:iam::" + std::string(account_id) + ":oidc-provider/oidc.rds-sim.local";
  CredentialSources sources;
  sources.roles = {
      Role{"rds-exporter-role", role_arn(account_id, "rds-exporter-role"), exporter_actions, {"rds-exporter-assumer"},
           "", {"rdssim-web-identity-token"}, provider, std::chrono::hours{2}},
      Role{"rds-exporter-external-role", role_arn(account_id, "rds-exporter-external-role"), exporter_actions,
           {"rds-exporter-assumer"}, "rdssim-external-id", {}, "", std::chrono::hours{1}},
  };
  sources.instance_profile_role = "rds-exporter-role";
  sources.container = {"rds-exporter-role", "rdssim-task-credentials", "rdssim-container-authorization-token"};
  sources.sso = {{"rdssim-sso-access-token", {"rds-exporter-role"}}};
  return sources;
}

}  // namespace rds_exporter::sim
