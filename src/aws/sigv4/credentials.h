#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace rds_exporter::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  // Empty for long-term keys; set for temporary (STS) credentials, which AWS rejects without it.
  std::string session_token;
  // Unset for long-term keys, which never need refreshing.
  std::optional<std::chrono::system_clock::time_point> expiration;
};

}  // namespace rds_exporter::aws
