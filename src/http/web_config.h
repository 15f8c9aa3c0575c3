#pragma once
// PLACEHOLDER until wip-webcfg merges.
#include "common/expected.h"
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>
namespace rds_exporter::http {
struct TlsServerConfig { std::filesystem::path cert_file, key_file; };
struct WebConfig {
  std::optional<TlsServerConfig> tls;
  std::map<std::string, std::string> basic_auth_users;
  std::vector<std::pair<std::string, std::string>> headers;
};
inline common::Expected<WebConfig, std::string> load_web_config(const std::filesystem::path&) { return WebConfig{}; }
}
