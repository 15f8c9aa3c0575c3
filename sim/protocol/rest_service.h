#pragma once

#include "common/http_message.h"
#include "sim/common/http_reply.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// A reply of a plain HTTP service, with what RequestStats counts it as.
struct RestAnswer {
  HttpReply reply;
  // e.g. "GetRoleCredentials"
  std::string operation;
  // "200", or the error code, or the HTTP status of an error without a code.
  std::string outcome;
};

// A service reached by its URL path rather than by a SigV4 scope: the instance metadata service, the
// container credentials endpoint and the SSO portal. It answers GET and PUT on the paths it claims.
class RestService {
 public:
  virtual ~RestService() = default;

  // The name RequestStats counts its requests under, e.g. "imds".
  virtual std::string_view name() const = 0;
  // An ECMAScript regular expression its paths match in full, e.g. "/latest/.*".
  virtual std::string_view path_pattern() const = 0;
  virtual RestAnswer handle(const common::HttpRequest& request) const = 0;
};

}  // namespace rds_exporter::sim
