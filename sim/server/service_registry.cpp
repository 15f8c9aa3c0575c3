#include "sim/server/service_registry.h"

#include <stdexcept>

namespace rds_exporter::sim {

void ServiceRegistry::add(std::unique_ptr<QueryService> service) { services_.push_back(std::move(service)); }

const QueryService* ServiceRegistry::by_signing_name(std::string_view signing_name) const {
  for (const auto& service : services_) {
    if (service->signing_name() == signing_name) return service.get();
  }
  return nullptr;
}

const QueryService& ServiceRegistry::for_action(const std::string* action) const {
  if (services_.empty()) throw std::logic_error("a ServiceRegistry needs a service before it answers requests");
  if (action != nullptr) {
    for (const auto& service : services_) {
      if (service->find_operation(*action) != nullptr) return *service;
    }
  }
  return *services_.front();
}

}  // namespace rds_exporter::sim
