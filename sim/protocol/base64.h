#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::sim {

// Standard base64 with padding (RFC 4648 §4). Pagination tokens use it, so that they hold the '+', '/' and '='
// a client must percent-encode when it sends them back, as AWS's own tokens do.
std::string base64_encode(std::string_view bytes);

// nullopt unless `text` is canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace rds_exporter::sim
