#include "aws/transport/stopping_transport.h"

#include <utility>

namespace rds_exporter::aws {

StoppingTransport::StoppingTransport(std::unique_ptr<HttpTransport> inner, std::stop_token stop)
    : inner_(std::move(inner)), stop_(std::move(stop)) {}

TransportResult StoppingTransport::send(const OutgoingRequest& request) {
  OutgoingRequest with_stop = request;
  if (!request.stop.stop_possible() || request.stop == stop_) {
    with_stop.stop = stop_;
    return inner_->send(with_stop);
  }
  // Two tokens: a third one that either requests.
  std::stop_source either;
  const std::stop_callback ours(stop_, [&either] { either.request_stop(); });
  const std::stop_callback theirs(request.stop, [&either] { either.request_stop(); });
  with_stop.stop = either.get_token();
  return inner_->send(with_stop);
}

std::unique_ptr<HttpTransport> stopping_transport(std::unique_ptr<HttpTransport> transport, std::stop_token stop) {
  if (!stop.stop_possible()) return transport;
  return std::make_unique<StoppingTransport>(std::move(transport), std::move(stop));
}

}  // namespace rds_exporter::aws
