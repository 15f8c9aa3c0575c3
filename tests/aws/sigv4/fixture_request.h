#pragma once

#include "common/http_message.h"

#include <string>
#include <string_view>

namespace rds_exporter::aws::testing {

// Parses the request files of the SigV4 test suite: "METHOD <target> HTTP/1.1", "Name:value" header lines
// (a line starting with whitespace continues the previous value, kept with its line break), a blank line,
// then the body. The target's path is taken as the unencoded path the signer expects; its query is
// percent-decoded, since the suite writes some queries raw and some already encoded.
common::HttpRequest parse_fixture_request(std::string_view text);

// RFC 3986 decoding: %XX becomes its byte, anything else (including '+') stays as it is.
std::string percent_decode(std::string_view text);

}  // namespace rds_exporter::aws::testing
