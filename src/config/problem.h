#pragma once

#include <string>

namespace rds_exporter::config {

enum class Severity { error, warning };

// One thing wrong with the configuration, worded for the person who has to fix it; the message
// starts with where the bad input is (file:line, variable name or flag).
struct Problem {
  Severity severity = Severity::error;
  std::string message;

  bool operator==(const Problem&) const = default;
};

}  // namespace rds_exporter::config
