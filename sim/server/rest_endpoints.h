#pragma once

#include "common/http_message.h"
#include "sim/admin/request_stats.h"
#include "sim/common/http_reply.h"
#include "sim/faults/fault_injector.h"
#include "sim/protocol/rest_service.h"

#include <memory>
#include <span>
#include <vector>

namespace rds_exporter::sim {

// The services reached by URL path (instance metadata, container credentials, SSO portal), each answer
// counted in RequestStats under the service's name; `faults` (when given) may replace an answer with an injected
// fault. Thread-safe once the services are added.
class RestEndpoints {
 public:
  explicit RestEndpoints(RequestStats& stats, FaultInjector* faults = nullptr) : stats_(stats), faults_(faults) {}

  void add(std::unique_ptr<RestService> service) { services_.push_back(std::move(service)); }
  std::span<const std::unique_ptr<RestService>> services() const { return services_; }

  HttpReply handle(const RestService& service, const common::HttpRequest& request) const;

 private:
  RequestStats& stats_;
  FaultInjector* faults_;
  std::vector<std::unique_ptr<RestService>> services_;
};

}  // namespace rds_exporter::sim
