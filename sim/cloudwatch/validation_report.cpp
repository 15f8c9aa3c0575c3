#include "sim/cloudwatch/validation_report.h"

#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/protocol/common_errors.h"

namespace rds_exporter::sim::cloudwatch {

void ValidationReport::missing(std::string_view parameter) { problems_.push_back({true, required_line(parameter)}); }

void ValidationReport::invalid(std::string line) { problems_.push_back({false, std::move(line)}); }

std::optional<ApiError> ValidationReport::as_validation_error() const {
  if (problems_.empty()) return std::nullopt;
  std::string message;
  for (const Problem& problem : problems_) message.append(problem.line).append("\n");
  return validation_error(std::move(message));
}

std::optional<ApiError> ValidationReport::as_parameter_error() const {
  if (problems_.empty()) return std::nullopt;
  std::string missing;
  for (const Problem& problem : problems_) {
    if (!problem.missing) continue;
    if (!missing.empty()) missing += '\n';
    missing += problem.line;
  }
  if (!missing.empty()) return ApiError{400, "MissingParameter", std::move(missing)};
  return invalid_parameter_value(problems_.front().line);
}

}  // namespace rds_exporter::sim::cloudwatch
