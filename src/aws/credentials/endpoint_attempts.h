#pragma once

#include "aws/transport/http_transport.h"

namespace rds_exporter::aws {

// Sends `request` up to `attempts` times, again only while no answer arrives or the answer is a 5xx or 429,
// which a local credentials endpoint (ECS agent, EKS Pod Identity agent, instance metadata) gives when busy.
// Returns the last outcome.
TransportResult send_with_attempts(HttpTransport& transport, const OutgoingRequest& request, int attempts);

}  // namespace rds_exporter::aws
