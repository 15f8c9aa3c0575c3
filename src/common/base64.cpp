#include "common/base64.h"

#include "common/text.h"

#include <openssl/evp.h>

#include <algorithm>

namespace rds_exporter::common {
namespace {

bool is_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  return std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding),
                     [](char c) { return is_ascii_alnum(c) || c == '+' || c == '/'; });
}

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  if (!is_base64(text)) return std::nullopt;
  std::string decoded(text.size() / 4 * 3, '\0');
  const int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  const auto padding = static_cast<std::size_t>(std::count(text.end() - 2, text.end(), '='));
  decoded.resize(static_cast<std::size_t>(length) - padding);
  return decoded;
}

}  // namespace rds_exporter::common
