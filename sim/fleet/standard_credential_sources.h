#pragma once

#include "sim/fleet/credential_sources.h"

#include <string_view>

namespace rds_exporter::sim {

// The roles and credential endpoints of every generated fleet, and of sim/fleets/demo.yaml, which lists the
// same ones (test values, documented in sim/README.md):
//   rds-exporter-role          the exporter's policy; assumable by rds-exporter-assumer and by the web
//                              identity token "rdssim-web-identity-token"; sessions up to 2 hours
//   rds-exporter-external-role the same policy; rds-exporter-assumer must pass ExternalId "rdssim-external-id"
// The instance profile, the container endpoint (task id "rdssim-task-credentials", Authorization
// "rdssim-container-authorization-token") and the SSO access token "rdssim-sso-access-token" all give
// rds-exporter-role.
CredentialSources standard_credential_sources(std::string_view account_id);

}  // namespace rds_exporter::sim
