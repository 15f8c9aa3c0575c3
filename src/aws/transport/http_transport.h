#pragma once

#include "common/expected.h"
#include "common/http_message.h"
#include "common/shared_text.h"

#include <chrono>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// A request ready for the wire: the URL is complete and already percent-encoded, the headers are the
// signed ones (Host included, so the signature and the wire agree on it).
struct OutgoingRequest {
  std::string method = "POST";
  std::string url;
  common::Headers headers;
  // Shared, never copied: a request passed on changed (StoppingTransport), or sent again (a retry), keeps the one
  // body (a GetMetricData body is about 100 KB, and a fleet of scopes has dozens in flight).
  common::SharedText body;
  // Overrides of the transport's settings for this request, e.g. one second for EC2 instance metadata,
  // which is absent everywhere but on EC2 and must not hold the credential chain up.
  std::optional<std::chrono::milliseconds> connect_timeout;
  std::optional<std::chrono::milliseconds> total_timeout;
  // Once stop is requested the transfer is abandoned (TransportErrorKind::cancelled), whatever phase it is in:
  // waiting for a connection slot, connecting, or waiting for the answer. Default: never stops.
  std::stop_token stop;
};

enum class TransportErrorKind {
  // DNS failure, refused or unreachable connection: nothing was sent.
  connect_failed,
  timed_out,
  // The connection broke after the request went out (reset, closed early, truncated answer).
  connection_broken,
  tls_failed,
  proxy_failed,
  // Refused before sending: malformed URL, or plain http to a host that is not loopback.
  refused,
  // OutgoingRequest::stop was requested: the request was not sent, or its transfer was abandoned.
  cancelled,
};

struct TransportError {
  TransportErrorKind kind = TransportErrorKind::connect_failed;
  std::string message;
};

using TransportResult = common::Expected<common::HttpResponse, TransportError>;

// Sends one HTTP request and waits for the whole answer. Implementations are safe to call from many
// threads at once.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult send(const OutgoingRequest& request) = 0;
  // The same for a request the caller is done with: a transport that passes requests on changed (StoppingTransport)
  // can then change this one instead of copying it, body and all (a GetMetricData body is about 100 KB, and a
  // fleet of scopes has dozens in flight).
  virtual TransportResult send_owned(OutgoingRequest request) { return send(request); }
};

std::string_view to_string(TransportErrorKind kind);

}  // namespace rds_exporter::aws
