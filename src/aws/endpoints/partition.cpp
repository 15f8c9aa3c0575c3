#include "aws/endpoints/partition.h"

#include <algorithm>
#include <array>

namespace rds_exporter::aws {
namespace {

struct PartitionPattern {
  Partition partition;
  // partitions.json's regionRegex is "^<prefix>\w+-\d+$" for each of these partitions.
  std::string_view region_prefix;
};

// From partitions.json (AWS's SDKs).
constexpr std::array<PartitionPattern, 4> kPatterns{{
    {{"aws-us-gov", "amazonaws.com", "api.aws"}, "us-gov-"},
    {{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}, "cn-"},
    {{"aws-iso", "c2s.ic.gov", "c2s.ic.gov"}, "us-iso-"},
    {{"aws-iso-b", "sc2s.sgov.gov", "sc2s.sgov.gov"}, "us-isob-"},
}};

constexpr Partition kCommercial{"aws", "amazonaws.com", "api.aws"};

bool is_word_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<prefix>\w+-\d+" without std::regex, whose instantiation g++ 12 cannot compile warning-free under the
// sanitizers. \w has no dash, so the first dash after the prefix is the one before the digits.
bool matches(std::string_view region, std::string_view prefix) {
  if (!region.starts_with(prefix)) return false;
  const std::string_view rest = region.substr(prefix.size());
  const auto dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == rest.size()) return false;
  const std::string_view word = rest.substr(0, dash);
  const std::string_view digits = rest.substr(dash + 1);
  return std::all_of(word.begin(), word.end(), is_word_character) &&
         std::all_of(digits.begin(), digits.end(), is_digit);
}

}  // namespace

const Partition& partition_of(std::string_view region) {
  for (const auto& pattern : kPatterns) {
    if (matches(region, pattern.region_prefix)) return pattern.partition;
  }
  return kCommercial;
}

}  // namespace rds_exporter::aws
