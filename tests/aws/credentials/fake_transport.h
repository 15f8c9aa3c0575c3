#pragma once

#include "aws/transport/http_transport.h"

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace rds_exporter::aws::testing {

// Answers requests from a script keyed by "METHOD URL" and records every request. Unscripted URLs fail to
// connect, as the link-local credential endpoints do off AWS.
class FakeTransport final : public HttpTransport {
 public:
  // Answers in the order given; the last one repeats.
  void script(const std::string& method, const std::string& url, std::vector<TransportResult> answers);
  void answer(const std::string& method, const std::string& url, int status, std::string body = "");

  TransportResult send(const OutgoingRequest& request) override;
  std::vector<OutgoingRequest> requests() const;

  static TransportResult failure(TransportErrorKind kind);
  static TransportResult response(int status, std::string body = "");

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<TransportResult>> answers_;
  std::vector<OutgoingRequest> requests_;
};

// The value of a request's header, or "" when it has none.
std::string header_of(const OutgoingRequest& request, const std::string& name);

}  // namespace rds_exporter::aws::testing
