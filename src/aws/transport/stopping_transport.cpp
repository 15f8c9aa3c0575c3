#include "aws/transport/stopping_transport.h"

#include <utility>

namespace rds_exporter::aws {

StoppingTransport::StoppingTransport(std::unique_ptr<HttpTransport> inner, std::stop_token stop)
    : inner_(std::move(inner)), stop_(std::move(stop)) {}

TransportResult StoppingTransport::send(const OutgoingRequest& request) { return send_owned(request); }

TransportResult StoppingTransport::send_owned(OutgoingRequest request) {
  if (!request.stop.stop_possible() || request.stop == stop_) {
    request.stop = stop_;
    return inner_->send_owned(std::move(request));
  }
  // Two tokens: a third one that either requests.
  std::stop_source either;
  const std::stop_token theirs_token = request.stop;
  const std::stop_callback ours(stop_, [&either] { either.request_stop(); });
  const std::stop_callback theirs(theirs_token, [&either] { either.request_stop(); });
  request.stop = either.get_token();
  return inner_->send_owned(std::move(request));
}

std::unique_ptr<HttpTransport> stopping_transport(std::unique_ptr<HttpTransport> transport, std::stop_token stop) {
  if (!stop.stop_possible()) return transport;
  return std::make_unique<StoppingTransport>(std::move(transport), std::move(stop));
}

}  // namespace rds_exporter::aws
