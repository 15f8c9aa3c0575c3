#pragma once

#include "sim/common/http_reply.h"
#include "sim/faults/fault_decision.h"

namespace rds_exporter::sim {

// Spoils a reply's body as `action` says (kTruncateBody, kMalformBody; other actions leave it alone), keeping
// its status and headers, so that a client's parser, not its error handling, is what fails:
//   truncate: the first half of the body, cut inside an element or a string, with a Content-Length that
//             matches what is sent (a longer one would only hang clients until their read timeout);
//   malform:  the first half of the body followed by "<<<" for XML or "}}}" for JSON, which no parser accepts.
void spoil_body(FaultAction action, HttpReply& reply);

// Applies what `fault` says to the reply an endpoint made: its delay, a dropped connection, a spoilt body. An
// injected error is the endpoint's to answer, in its protocol's format, before this.
void apply_fault(const FaultDecision& fault, HttpReply& reply);

}  // namespace rds_exporter::sim
