#pragma once

// For the credential endpoints (IMDS, containers): a transport that answers from memory, so that the fuzz
// input reaches the provider's parser through its real request flow, without a network.

#include "aws/transport/http_transport.h"

#include <string>
#include <string_view>

namespace rds_exporter::fuzz {

class DocumentTransport final : public aws::HttpTransport {
 public:
  explicit DocumentTransport(std::string_view document) : document_(document) {}

  // IMDSv2's session token (PUT), the role list (a path ending in '/'), then `document` for anything else.
  aws::TransportResult send(const aws::OutgoingRequest& request) override {
    if (request.method == "PUT") return common::HttpResponse{.status = 200, .body = "token"};
    if (request.url.ends_with('/')) return common::HttpResponse{.status = 200, .body = "role"};
    return common::HttpResponse{.status = 200, .body = std::string(document_)};
  }

 private:
  std::string_view document_;
};

}  // namespace rds_exporter::fuzz
