#include "sim/common/admin_routes.h"

namespace rds_exporter::sim {

HttpReply admin_json_reply(int status, const AdminJson& body) {
  return {status, "application/json", body.dump() + "\n", {}};
}

std::string wrong_method_message(std::string_view path, std::string_view allowed) {
  return std::string(path) + " answers " + std::string(allowed) + " only";
}

HttpReply admin_wrong_method(const AdminJson& body, std::string_view allowed) {
  HttpReply reply = admin_json_reply(405, body);
  reply.headers.emplace_back("Allow", std::string(allowed));
  return reply;
}

}  // namespace rds_exporter::sim
