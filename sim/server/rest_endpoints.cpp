#include "sim/server/rest_endpoints.h"

namespace rds_exporter::sim {

HttpReply RestEndpoints::handle(const RestService& service, const aws::HttpRequest& request) const {
  RestAnswer answer = service.handle(request);
  stats_.record(service.name(), answer.operation, answer.outcome);
  return std::move(answer.reply);
}

}  // namespace rds_exporter::sim
