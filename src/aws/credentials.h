#pragma once

#include <string>

namespace rds_exporter::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  // Empty for long-term keys; set for temporary (STS) credentials, which AWS rejects without it.
  std::string session_token;
};

}  // namespace rds_exporter::aws
