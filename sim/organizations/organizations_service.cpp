#include "sim/organizations/organizations_service.h"

#include "sim/pi/pi_reply.h"

namespace rds_exporter::sim::organizations {

// Every AWS JSON 1.1 service names the shared errors alike (AccessDenied is AccessDeniedException), so Performance
// Insights' reply serves Organizations too, but for throttling, which Organizations calls TooManyRequestsException
// (as its API reference lists it, and as SDKs retry it).
HttpReply OrganizationsService::reply(OperationOutcome outcome) const {
  if (auto* error = std::get_if<ApiError>(&outcome); error != nullptr && error->code == "Throttling") {
    error->code = "TooManyRequestsException";
    error->message =
        "You have sent too many requests in too short a period of time. The quota helps protect against "
        "denial-of-service attacks. Try again later.";
  }
  return pi::pi_reply(std::move(outcome));
}

}  // namespace rds_exporter::sim::organizations
