#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::common {

// Standard base64 with padding (RFC 4648 section 4), strictly, as Go's base64.StdEncoding decodes it for HTTP basic
// auth and kubeconfig data: nothing when the text is empty, its length not a multiple of 4, or a character outside
// the alphabet (whitespace included).
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace rds_exporter::common
