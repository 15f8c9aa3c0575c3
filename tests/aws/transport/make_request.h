#pragma once

#include "aws/transport/http_transport.h"

#include <string>
#include <utility>

namespace rds_exporter::aws::testing {

inline OutgoingRequest make_request(std::string method, std::string url, std::string body = {},
                                    common::Headers headers = {}) {
  OutgoingRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers = std::move(headers);
  return request;
}

}  // namespace rds_exporter::aws::testing
