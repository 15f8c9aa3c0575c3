#pragma once

#include "aws/transport/curl_handle_pool.h"
#include "aws/transport/http_transport.h"
#include "aws/transport/transport_settings.h"
#include "aws/transport/trust_store.h"

#include <memory>

namespace rds_exporter::aws {

// HttpTransport on libcurl, safe to share between threads.
//
// At most settings.max_concurrent_requests requests are in flight; further callers wait for one to finish.
// Connections are kept open and reused. TLS certificates and host names are always verified, against
// settings.ca_pem or settings.ca_bundle when set; the authorities are loaded once for every connection
// (aws/transport/trust_store.h). Plain http is refused unless plain_http_allowed(host). Redirects are returned, not
// followed. gzip and deflate answers are decoded.
//
// A request whose `stop` is requested ends at once with TransportErrorKind::cancelled: before it is sent, while it
// waits for one of the max_concurrent_requests slots, and during its transfer (DNS, connect, TLS, waiting for the
// answer, reading it), as the transfer's wait for the network is woken by the stop request.
//
// Proxies come from the environment, read by libcurl at each request: http_proxy (lower case only, as
// libcurl ignores HTTP_PROXY), https_proxy or HTTPS_PROXY, all_proxy, and no_proxy or NO_PROXY.
class CurlTransport final : public HttpTransport {
 public:
  // Throws std::invalid_argument when a timeout is not positive or max_concurrent_requests is below 1, and
  // std::runtime_error when libcurl cannot be initialised.
  explicit CurlTransport(TransportSettings settings);

  TransportResult send(const OutgoingRequest& request) override;

 private:
  const TransportSettings settings_;
  // The authorities every connection shares; none when libcurl loads them itself (settings.ca_pem set, or libcurl
  // not on this process's OpenSSL).
  std::unique_ptr<TransportTrust> trust_;
  CurlHandlePool handles_;
};

}  // namespace rds_exporter::aws
