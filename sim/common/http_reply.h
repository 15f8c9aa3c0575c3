#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::sim {

// An HTTP response as the simulator's handlers produce it, independent of the HTTP library that sends it.
struct HttpReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Injected faults (sim/faults): how long to wait before answering, and whether to close the connection
  // without answering at all.
  std::chrono::milliseconds delay{0};
  bool drop_connection = false;
};

}  // namespace rds_exporter::sim
