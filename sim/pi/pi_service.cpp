#include "sim/pi/pi_service.h"

#include "sim/pi/get_resource_metrics.h"
#include "sim/pi/list_available_resource_metrics.h"
#include "sim/pi/pi_api.h"
#include "sim/pi/pi_reply.h"

namespace rds_exporter::sim::pi {

PiService::PiService(Clock clock) {
  operations_.push_back(std::make_unique<GetResourceMetrics>(std::move(clock)));
  operations_.push_back(std::make_unique<ListAvailableResourceMetrics>());
}

std::string_view PiService::signing_name() const { return kSigningName; }
std::string_view PiService::target_prefix() const { return kTargetPrefix; }
std::string_view PiService::api_version() const { return kApiVersion; }

const JsonOperation* PiService::find_operation(std::string_view name) const {
  for (const auto& operation : operations_) {
    if (operation->name() == name) return operation.get();
  }
  return nullptr;
}

HttpReply PiService::reply(OperationOutcome outcome) const { return pi_reply(std::move(outcome)); }

}  // namespace rds_exporter::sim::pi
