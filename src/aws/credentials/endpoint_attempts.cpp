#include "aws/credentials/endpoint_attempts.h"

namespace rds_exporter::aws {
namespace {

bool worth_another_attempt(const TransportResult& result) {
  if (!result) return result.error().kind != TransportErrorKind::refused && result.error().kind != TransportErrorKind::cancelled;
  return result->status >= 500 || result->status == 429;
}

}  // namespace

TransportResult send_with_attempts(HttpTransport& transport, const OutgoingRequest& request, int attempts) {
  TransportResult result = transport.send(request);
  for (int attempt = 1; attempt < attempts && worth_another_attempt(result); ++attempt)
    result = transport.send(request);
  return result;
}

}  // namespace rds_exporter::aws
