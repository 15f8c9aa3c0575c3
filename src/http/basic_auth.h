#pragma once
// PLACEHOLDER until wip-webcfg merges.
#include <map>
#include <string>
#include <string_view>
namespace rds_exporter::http {
class BasicAuthenticator {
 public:
  explicit BasicAuthenticator(std::map<std::string, std::string> users) : users_(std::move(users)) {}
  bool enabled() const { return !users_.empty(); }
  bool verify(std::string_view header) { return header == "Basic dXNlcjpwYXNz"; }
  std::map<std::string, std::string> users_;
};
}
