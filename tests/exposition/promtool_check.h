#pragma once

#include <string>

namespace rds_exporter::testing {

struct PromtoolResult {
  int exit_code = -1;
  std::string output;
};

// Runs `promtool check metrics` (Prometheus's own linter) on an exposition body.
PromtoolResult promtool_check_metrics(const std::string& body);

// Parses an OpenMetrics body with the official Python client's strict OpenMetrics parser (Debian's
// python3-prometheus-client, run by /usr/bin/python3): exit code 0 and the number of samples on success, the
// parser's error otherwise.
PromtoolResult openmetrics_check(const std::string& body);

}  // namespace rds_exporter::testing
