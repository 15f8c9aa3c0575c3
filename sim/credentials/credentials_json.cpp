#include "sim/credentials/credentials_json.h"

#include "sim/common/iso8601.h"

namespace rds_exporter::sim {

nlohmann::ordered_json credentials_json(const TemporaryCredentials& credentials) {
  return {{"AccessKeyId", credentials.access_key_id},
          {"SecretAccessKey", credentials.secret_access_key},
          {"Token", credentials.session_token},
          {"Expiration", iso8601(credentials.expiration)}};
}

}  // namespace rds_exporter::sim
