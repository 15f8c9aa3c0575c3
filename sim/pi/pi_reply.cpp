#include "sim/pi/pi_reply.h"

#include "sim/pi/pi_api.h"
#include "sim/protocol/json_error_reply.h"

namespace rds_exporter::sim::pi {
namespace {

// The model's name for a server error; the other shared errors have their common AWS JSON names.
constexpr JsonErrorName kOwnNames[] = {{"InternalFailure", "InternalServiceError"}};

}  // namespace

std::string error_type(const ApiError& error) { return aws_json_error_type(error, kOwnNames); }

HttpReply pi_reply(OperationOutcome outcome) {
  return aws_json_reply(std::move(outcome), kContentType, kOwnNames, "Message");
}

}  // namespace rds_exporter::sim::pi
