#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::common {

using QueryParams = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A request as the signer and the service clients see it. The path and query parameters are unencoded
// ("/example space/", not "/example%20space/"): SigV4 percent-encodes them itself, and a transport encodes them
// once more for the wire, so holding them encoded here would encode twice. Headers keep their order and case
// because repeated headers are signed in the order they are sent.
struct HttpRequest {
  std::string method;
  std::string path = "/";
  QueryParams query;
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  // Names in lower case, values trimmed, in the order received.
  Headers headers;
  std::string body;

  // The first header of that name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

}  // namespace rds_exporter::common
