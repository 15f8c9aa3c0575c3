#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

// Opaque NextTokens: base64 of "rds_sim/<operation>/<fingerprint>/<position>/<position>...". The fingerprint
// is a hash of the request's other parameters, so a token only continues the request it came from, as AWS's
// tokens do; the positions say where the next page starts.
std::string encode_page_token(std::string_view operation, std::uint64_t fingerprint,
                              const std::vector<std::int64_t>& positions);

// The positions, or nullopt unless `token` is one encode_page_token made for this operation and fingerprint
// with `count` positions.
std::optional<std::vector<std::int64_t>> decode_page_token(std::string_view token, std::string_view operation,
                                                           std::uint64_t fingerprint, std::size_t count);

}  // namespace rds_exporter::sim::cloudwatch
