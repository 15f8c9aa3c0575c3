#pragma once

#include <string>

namespace rds_exporter::sim {

// An error as AWS answers it: the HTTP status, and the Code and Message of the error body. The body's Type,
// Sender or Receiver, follows from the status.
struct ApiError {
  int http_status = 400;
  std::string code;
  std::string message;

  bool operator==(const ApiError&) const = default;
};

}  // namespace rds_exporter::sim
