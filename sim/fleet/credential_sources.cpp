#include "sim/fleet/credential_sources.h"

#include <algorithm>

namespace rds_exporter::sim {

const Role* CredentialSources::find_role_by_name(std::string_view name) const {
  const auto it = std::find_if(roles.begin(), roles.end(), [&](const Role& role) { return role.name == name; });
  return it == roles.end() ? nullptr : &*it;
}

const Role* CredentialSources::find_role_by_arn(std::string_view arn) const {
  const auto it = std::find_if(roles.begin(), roles.end(), [&](const Role& role) { return role.arn == arn; });
  return it == roles.end() ? nullptr : &*it;
}

std::string role_arn(std::string_view account_id, std::string_view role_name) {
  std::string arn = "arn:aws:iam::";
  arn.append(account_id).append(":role/").append(role_name);
  return arn;
}

}  // namespace rds_exporter::sim
