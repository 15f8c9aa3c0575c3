#pragma once

#include "aws/transport/http_transport.h"

#include <memory>
#include <stop_token>

namespace rds_exporter::aws {

// An HttpTransport that adds one stop token to every request it passes on, so that callers which build their
// own requests (instance metadata, container credentials) stop with the rest of the process. A request that
// carries a token of its own stops when either is requested.
class StoppingTransport final : public HttpTransport {
 public:
  StoppingTransport(std::unique_ptr<HttpTransport> inner, std::stop_token stop);

  TransportResult send(const OutgoingRequest& request) override;
  TransportResult send_owned(OutgoingRequest request) override;

 private:
  std::unique_ptr<HttpTransport> inner_;
  std::stop_token stop_;
};

// `transport` itself when `stop` can never be requested, else wrapped in a StoppingTransport.
std::unique_ptr<HttpTransport> stopping_transport(std::unique_ptr<HttpTransport> transport, std::stop_token stop);

}  // namespace rds_exporter::aws
