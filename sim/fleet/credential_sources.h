#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// An IAM role that callers can turn into temporary credentials: through STS AssumeRole (principals its trust
// policy names), AssumeRoleWithWebIdentity (the web identity tokens it trusts), or as the role behind the
// instance metadata, container and SSO endpoints.
struct Role {
  std::string name;
  // arn:aws:iam::<account>:role/<name>
  std::string arn;
  // IAM actions its sessions may call, matched as a principal's are.
  std::vector<std::string> allowed_actions;
  // Names of the fleet's principals its trust policy lets call AssumeRole.
  std::vector<std::string> trusted_principals;
  // When set, AssumeRole must pass it as ExternalId (sts:ExternalId in the trust policy).
  std::string external_id;
  // Web identity tokens (the contents of an AWS_WEB_IDENTITY_TOKEN_FILE) it trusts, compared whole; real
  // tokens are signed JWTs, which the simulator need not verify.
  std::vector<std::string> web_identity_tokens;
  // What AssumeRoleWithWebIdentity answers as Provider: the OIDC issuer the trust policy names.
  std::string web_identity_provider;
  std::chrono::seconds max_session_duration{3600};

  bool operator==(const Role&) const = default;
};

// The container credentials endpoint: ECS's relative URI (/v2/credentials/<task_credentials_id>, no token) and
// the full URI EKS Pod Identity uses (/v1/credentials, Authorization header must equal authorization_token).
struct ContainerCredentialsSource {
  std::string role;
  std::string task_credentials_id;
  std::string authorization_token;

  bool operator==(const ContainerCredentialsSource&) const = default;
};

// An IAM Identity Center access token (what `aws sso login` caches) and the roles it may get credentials for.
struct SsoAccessToken {
  std::string access_token;
  std::vector<std::string> roles;

  bool operator==(const SsoAccessToken&) const = default;
};

// Where temporary credentials come from. Role names are checked to exist when a fleet is loaded; an empty
// role means the source is not there (no instance profile, no container role).
struct CredentialSources {
  std::vector<Role> roles;
  std::string instance_profile_role;
  ContainerCredentialsSource container;
  std::vector<SsoAccessToken> sso;
  // Roles deleted through the admin API: nobody can assume them until they are restored.
  std::vector<Role> deleted_roles;

  bool operator==(const CredentialSources&) const = default;

  const Role* find_role_by_name(std::string_view name) const;
  const Role* find_role_by_arn(std::string_view arn) const;
};

// "arn:aws:iam::<account>:role/<name>"
std::string role_arn(std::string_view account_id, std::string_view role_name);

}  // namespace rds_exporter::sim
