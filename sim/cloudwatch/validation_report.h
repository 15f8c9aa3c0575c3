#pragma once

#include "sim/protocol/api_error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

// The problems found in a request, in the order found, each a line of AWS's message (see cloudwatch_errors.h):
// a missing parameter, or a value that is present but wrong.
class ValidationReport {
 public:
  void missing(std::string_view parameter);
  void invalid(std::string line);

  bool empty() const { return problems_.empty(); }

  // GetMetricData: one ValidationError listing every problem, each line ending in "\n".
  std::optional<ApiError> as_validation_error() const;

  // GetMetricStatistics and ListMetrics: MissingParameter naming every missing parameter (lines joined by "\n"),
  // else InvalidParameterValue for the first wrong value.
  std::optional<ApiError> as_parameter_error() const;

 private:
  struct Problem {
    bool missing;
    std::string line;
  };
  std::vector<Problem> problems_;
};

}  // namespace rds_exporter::sim::cloudwatch
