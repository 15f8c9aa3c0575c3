#pragma once

#include "common/http_message.h"
#include "sim/common/http_reply.h"

#include <httplib.h>

namespace rds_exporter::sim {

// The request as SigV4 sees it: httplib's decoded path, the query string decoded from the raw target (not
// httplib's params, which mix in a form body), the headers as received, and `body`.
common::HttpRequest to_aws_request(const httplib::Request& request, std::string body);

// The whole body of a request whose handler reads its content itself. Such handlers exist because httplib
// 0.11.4, before calling an ordinary handler, answers 413 to any form-encoded body over 8 KiB; AWS takes
// Query requests far larger (a 500-query GetMetricData is hundreds of kilobytes).
std::string read_body(const httplib::ContentReader& read_content);

// Writes `reply` into httplib's response, adding the Date header AWS sends (SDKs correct clock skew from it).
void write_reply(HttpReply reply, httplib::Response& response);

}  // namespace rds_exporter::sim
