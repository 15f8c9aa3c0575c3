#pragma once

#include "sim/common/http_reply.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The decoded query parameters of an admin request ("?start_ms=1&end_ms=2").
using AdminQuery = std::map<std::string, std::string, std::less<>>;

// Admin routes a part of the simulator serves under /_sim/ beside the AdminApi's own (CloudWatch Logs' streams).
class AdminRoutes {
 public:
  virtual ~AdminRoutes() = default;

  // nullopt when `path` is none of its routes.
  virtual std::optional<HttpReply> handle(std::string_view method, std::string_view path, const AdminQuery& query,
                                          std::string_view body) const = 0;
};

}  // namespace rds_exporter::sim
