#include "sim/pi/pi_service.h"

#include "sim/pi/get_resource_metrics.h"
#include "sim/pi/list_available_resource_metrics.h"
#include "sim/pi/pi_api.h"
#include "sim/pi/pi_reply.h"

namespace rds_exporter::sim::pi {

PiService::PiService(Clock clock) : ListedJsonService({kSigningName, kTargetPrefix, kApiVersion}, pi_reply) {
  add(std::make_unique<GetResourceMetrics>(std::move(clock)));
  add(std::make_unique<ListAvailableResourceMetrics>());
}

}  // namespace rds_exporter::sim::pi
