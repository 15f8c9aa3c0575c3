#pragma once

#include "sim/common/http_reply.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// What every admin route answers with: JSON, one line.
using AdminJson = nlohmann::ordered_json;
HttpReply admin_json_reply(int status, const AdminJson& body);

// "<path> answers <allowed> only", for the body of a 405.
std::string wrong_method_message(std::string_view path, std::string_view allowed);
// 405 with `body` (each part words its errors its own way: {"error": ...} or {"errors": [...]}) and the Allow
// header naming `allowed`.
HttpReply admin_wrong_method(const AdminJson& body, std::string_view allowed);

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
