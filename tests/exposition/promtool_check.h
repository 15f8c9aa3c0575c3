#pragma once

#include <string>

namespace rds_exporter::testing {

struct PromtoolResult {
  int exit_code = -1;
  std::string output;
};

// Runs `promtool check metrics` (Prometheus's own linter) on an exposition body.
PromtoolResult promtool_check_metrics(const std::string& body);

}  // namespace rds_exporter::testing
