#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::aws {

using QueryParams = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A request as the signer sees it. The path and query parameters are unencoded ("/example space/", not
// "/example%20space/"): SigV4 percent-encodes them itself, and a transport encodes them once more for the
// wire, so holding them encoded here would encode twice. Headers keep their order and case because repeated
// headers are signed in the order they are sent.
struct HttpRequest {
  std::string method;
  std::string path = "/";
  QueryParams query;
  Headers headers;
  std::string body;
};

}  // namespace rds_exporter::aws
