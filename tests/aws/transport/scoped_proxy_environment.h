#pragma once

#include <map>
#include <optional>
#include <string>

namespace rds_exporter::aws::testing {

// libcurl takes proxies from the process environment. This clears every proxy variable for the duration
// of a test, so that neither the machine's proxy settings nor another test's leak in, and puts the previous
// values back afterwards.
class ScopedProxyEnvironment {
 public:
  ScopedProxyEnvironment();
  ~ScopedProxyEnvironment();
  ScopedProxyEnvironment(const ScopedProxyEnvironment&) = delete;
  ScopedProxyEnvironment& operator=(const ScopedProxyEnvironment&) = delete;

  // name must be one of the proxy variables, so that it is restored.
  void set(const std::string& name, const std::string& value);

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

}  // namespace rds_exporter::aws::testing
