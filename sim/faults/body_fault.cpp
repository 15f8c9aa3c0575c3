#include "sim/faults/body_fault.h"

namespace rds_exporter::sim {

void spoil_body(FaultAction action, HttpReply& reply) {
  if (action != FaultAction::kTruncateBody && action != FaultAction::kMalformBody) return;
  reply.body.resize(reply.body.size() / 2);
  if (action == FaultAction::kMalformBody) {
    const bool json = reply.content_type.find("json") != std::string::npos;
    reply.body += json ? "}}}" : "<<<";
  }
}

void apply_fault(const FaultDecision& fault, HttpReply& reply) {
  reply.delay = fault.delay;
  reply.drop_connection = fault.action == FaultAction::kDropConnection;
  spoil_body(fault.action, reply);
}

}  // namespace rds_exporter::sim
