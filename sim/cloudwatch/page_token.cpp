#include "sim/cloudwatch/page_token.h"

#include "common/text.h"
#include "sim/protocol/base64.h"

#include <charconv>

namespace rds_exporter::sim::cloudwatch {
namespace {

std::string prefix(std::string_view operation, std::uint64_t fingerprint) {
  char hex[17];
  const auto end = std::to_chars(hex, hex + sizeof hex, fingerprint, 16).ptr;
  return "rds_sim/" + std::string(operation) + "/" + std::string(hex, end) + "/";
}

}  // namespace

std::string encode_page_token(std::string_view operation, std::uint64_t fingerprint,
                              const std::vector<std::int64_t>& positions) {
  std::string text = prefix(operation, fingerprint);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    if (i > 0) text += '/';
    text += std::to_string(positions[i]);
  }
  return base64_encode(text);
}

std::optional<std::vector<std::int64_t>> decode_page_token(std::string_view token, std::string_view operation,
                                                           std::uint64_t fingerprint, std::size_t count) {
  const auto text = base64_decode(token);
  const std::string expected = prefix(operation, fingerprint);
  if (!text || !text->starts_with(expected)) return std::nullopt;
  const auto pieces = common::split(std::string_view(*text).substr(expected.size()), '/');
  if (pieces.size() != count) return std::nullopt;
  std::vector<std::int64_t> positions;
  for (const std::string_view piece : pieces) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (piece.empty() || error != std::errc{} || end != piece.data() + piece.size() || value < 0) return std::nullopt;
    positions.push_back(value);
  }
  return positions;
}

}  // namespace rds_exporter::sim::cloudwatch
