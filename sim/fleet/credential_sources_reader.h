#pragma once

#include "sim/fleet/credential_sources.h"
#include "sim/fleet/fleet.h"
#include "sim/fleet/yaml_mapping.h"

#include <span>
#include <string_view>

namespace rds_exporter::sim {

// The fleet file's `roles`, `imds`, `container` and `sso` sections (format in sim/README.md), reporting every
// problem, including trusted principals and roles that the file does not define, to `problems`.
CredentialSources read_credential_sources(YamlMapping& top, std::string_view account_id,
                                          std::span<const Principal> principals, FleetFileProblems& problems);

}  // namespace rds_exporter::sim
