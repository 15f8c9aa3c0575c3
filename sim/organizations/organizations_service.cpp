#include "sim/organizations/organizations_service.h"

#include "sim/pi/pi_reply.h"

namespace rds_exporter::sim::organizations {

// Every AWS JSON 1.1 service names the shared errors alike (AccessDenied is AccessDeniedException), so Performance
// Insights' reply serves Organizations too.
HttpReply OrganizationsService::reply(OperationOutcome outcome) const { return pi::pi_reply(std::move(outcome)); }

}  // namespace rds_exporter::sim::organizations
