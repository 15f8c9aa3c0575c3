#include "scoped_proxy_environment.h"

#include <stdlib.h>

#include <array>
#include <stdexcept>

namespace rds_exporter::aws::testing {
namespace {

constexpr std::array<const char*, 8> kProxyVariables{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                                     "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};

}  // namespace

ScopedProxyEnvironment::ScopedProxyEnvironment() {
  for (const char* name : kProxyVariables) {
    const char* value = getenv(name);
    saved_[name] = value == nullptr ? std::nullopt : std::optional<std::string>(value);
    unsetenv(name);
  }
}

ScopedProxyEnvironment::~ScopedProxyEnvironment() {
  for (const auto& [name, value] : saved_) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
}

void ScopedProxyEnvironment::set(const std::string& name, const std::string& value) {
  if (!saved_.contains(name)) throw std::invalid_argument(name + " is not a proxy variable");
  setenv(name.c_str(), value.c_str(), 1);
}

}  // namespace rds_exporter::aws::testing
