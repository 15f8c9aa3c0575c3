#include "common/arn.h"

#include "common/text.h"

#include <algorithm>
#include <array>

namespace rds_exporter::common {

bool is_account_id(std::string_view text) {
  constexpr std::size_t kAccountIdLength = 12;
  return text.size() == kAccountIdLength && std::all_of(text.begin(), text.end(), is_ascii_digit);
}

std::optional<Arn> parse_arn(std::string_view text) {
  std::array<std::string_view, 6> fields;
  for (std::size_t index = 0; index < 5; ++index) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    fields[index] = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  fields[5] = text;
  if (fields[0] != "arn" || fields[1].empty() || fields[2].empty() || fields[5].empty()) return std::nullopt;
  if (!fields[4].empty() && !is_account_id(fields[4])) return std::nullopt;
  return Arn{std::string(fields[1]), std::string(fields[2]), std::string(fields[3]), std::string(fields[4]),
             std::string(fields[5])};
}

}  // namespace rds_exporter::common
