#include "discovery/inventory.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rds_exporter::discovery {
namespace {

// arn:<partition>:rds:<region>:<account>:<resource type>:<id>; an RDS identifier never holds a colon.
constexpr std::size_t kArnFields = 7;
constexpr std::size_t kAccountIdLength = 12;

bool is_account_id(std::string_view text) {
  return text.size() == kAccountIdLength &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

ArnParts parse_arn(std::string_view arn) {
  std::array<std::string_view, kArnFields> fields;
  std::size_t count = 0;
  while (count + 1 < kArnFields) {
    const auto colon = arn.find(':');
    if (colon == std::string_view::npos) break;
    fields[count++] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  fields[count++] = arn;
  const bool well_formed = count == kArnFields && fields[0] == "arn" && !fields[1].empty() && fields[2] == "rds" &&
                           !fields[3].empty() && is_account_id(fields[4]) && !fields[5].empty() && !fields[6].empty();
  if (!well_formed) return {};
  return ArnParts{std::string(fields[1]), std::string(fields[3]), std::string(fields[4])};
}

std::optional<AnyArn> parse_any_arn(std::string_view arn) {
  std::array<std::string_view, 6> fields;
  for (std::size_t index = 0; index < 5; ++index) {
    const auto colon = arn.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    fields[index] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  fields[5] = arn;
  if (fields[0] != "arn" || fields[1].empty() || fields[2].empty() || fields[5].empty()) return std::nullopt;
  if (!fields[4].empty() && !is_account_id(fields[4])) return std::nullopt;
  return AnyArn{std::string(fields[1]), std::string(fields[2]), std::string(fields[3]), std::string(fields[4]),
                std::string(fields[5])};
}

}  // namespace rds_exporter::discovery
