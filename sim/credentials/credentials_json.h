#pragma once

#include "sim/credentials/credential_store.h"

#include <nlohmann/json.hpp>

namespace rds_exporter::sim {

// The credentials document of the instance metadata and container endpoints: AccessKeyId,
// SecretAccessKey, Token (not SessionToken) and Expiration (ISO 8601, UTC).
nlohmann::ordered_json credentials_json(const TemporaryCredentials& credentials);

}  // namespace rds_exporter::sim
