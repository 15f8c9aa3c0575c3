#include "sim/fleet/credential_sources_reader.h"

#include "sim/fleet/fleet.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kRoleKeys[] = {"name",          "arn",   "allow", "trusted_principals", "external_id",
                                          "web_identity_tokens", "web_identity_provider", "max_session_duration",
                                          "account"};
constexpr std::string_view kImdsKeys[] = {"role"};
constexpr std::string_view kContainerKeys[] = {"role", "task_credentials_id", "authorization_token"};
constexpr std::string_view kSsoKeys[] = {"access_token", "roles"};

// IAM's limits on a role's MaxSessionDuration: one to twelve hours.
constexpr long long kMinSessionSeconds = 3600;
constexpr long long kMaxSessionSeconds = 43200;

// IAM role names: 1 to 64 of letters, digits and +=,.@_-
bool valid_role_name(std::string_view name) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  };
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), allowed);
}

class CredentialSourcesReader {
 public:
  CredentialSourcesReader(std::string_view account_id, std::span<const Principal> principals,
                          FleetFileProblems& problems)
      : account_id_(account_id), principals_(principals), problems_(problems) {}

  CredentialSources read(YamlMapping& top) {
    for_each_mapping(top, "roles", kRoleKeys, problems_, [this](YamlMapping& m) { read_role(m); });
    with_mapping(top, "imds", kImdsKeys, [this](YamlMapping& m) {
      sources_.instance_profile_role = known_role(m, "role");
    });
    with_mapping(top, "container", kContainerKeys, [this](YamlMapping& m) {
      sources_.container.role = known_role(m, "role");
      sources_.container.task_credentials_id = m.required_text("task_credentials_id").value_or("");
      sources_.container.authorization_token = m.required_text("authorization_token").value_or("");
    });
    for_each_mapping(top, "sso", kSsoKeys, problems_, [this](YamlMapping& m) { read_sso(m); });
    return std::move(sources_);
  }

 private:
  template <class Read>
  void with_mapping(YamlMapping& parent, std::string_view key, std::span<const std::string_view> known_keys,
                    Read read) {
    const YAML::Node* node = parent.node(key);
    if (node == nullptr || node->IsNull()) return;
    if (!node->IsMap()) {
      parent.problem(key, "expected a mapping, got " + describe_yaml(*node));
      return;
    }
    YamlMapping mapping(*node, parent.key_path(key), known_keys, problems_);
    read(mapping);
  }

  // read() takes the roles first, so every role a later section may name is known by then.
  std::string known_role(YamlMapping& m, std::string_view key) {
    const std::string name = m.required_text(key).value_or("");
    if (!name.empty() && sources_.find_role_by_name(name) == nullptr) {
      m.problem(key, "no role '" + name + "' in roles");
    }
    return name;
  }

  void read_role(YamlMapping& m) {
    Role role;
    role.name = m.required_text("name").value_or("");
    if (!role.name.empty() && !valid_role_name(role.name)) {
      m.problem("name", "'" + role.name + "' is not an IAM role name (1 to 64 letters, digits and +=,.@_-)");
    }
    const std::string account = m.text("account").value_or(std::string(account_id_));
    if (!is_account_id(account)) m.problem("account", "expected 12 digits, got '" + account + "'");
    // Role names are unique within an account; other accounts may have a role of the same name.
    const bool taken = std::any_of(sources_.roles.begin(), sources_.roles.end(), [&](const Role& other) {
      return other.name == role.name && account_of_arn(other.arn) == account;
    });
    if (!role.name.empty() && taken) m.problem("name", "another role already has the name '" + role.name + "'");
    role.arn = m.text("arn").value_or(role_arn(account, role.name));
    role.allowed_actions = m.text_list("allow");
    role.trusted_principals = m.text_list("trusted_principals");
    for (const auto& entry : role.trusted_principals) {
      // ARNs and account ids may name principals of accounts the file does not describe, as in IAM.
      if (entry.starts_with("arn:") || is_account_id(entry)) continue;
      const bool known = std::any_of(principals_.begin(), principals_.end(), [&](const Principal& principal) {
        return principal.name == entry && (principal.account_id.empty() ? std::string(account_id_) : principal.account_id) == account;
      });
      if (!known) m.problem("trusted_principals", "no principal '" + entry + "' in principals");
    }
    role.external_id = m.text("external_id").value_or("");
    role.web_identity_tokens = m.text_list("web_identity_tokens");
    role.web_identity_provider =
        m.text("web_identity_provider")
            .value_or(role.web_identity_tokens.empty() ? ""
                                                       : "arn:aws:iam::" + account +
                                                             ":oidc-provider/oidc.rds-sim.local");
    role.max_session_duration = std::chrono::seconds(
        m.integer("max_session_duration", kMinSessionSeconds, kMaxSessionSeconds).value_or(kMinSessionSeconds));
    sources_.roles.push_back(std::move(role));
  }

  void read_sso(YamlMapping& m) {
    SsoAccessToken token;
    token.access_token = m.required_text("access_token").value_or("");
    token.roles = m.text_list("roles");
    for (const auto& name : token.roles) {
      if (sources_.find_role_by_name(name) == nullptr) m.problem("roles", "no role '" + name + "' in roles");
    }
    sources_.sso.push_back(std::move(token));
  }

  std::string_view account_id_;
  std::span<const Principal> principals_;
  FleetFileProblems& problems_;
  CredentialSources sources_;
};

}  // namespace

CredentialSources read_credential_sources(YamlMapping& top, std::string_view account_id,
                                          std::span<const Principal> principals, FleetFileProblems& problems) {
  return CredentialSourcesReader(account_id, principals, problems).read(top);
}

}  // namespace rds_exporter::sim
