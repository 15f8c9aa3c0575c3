#include "aws/endpoints/region_resolver.h"

#include "common/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {
namespace {

bool all_in(std::string_view text, char first, char last) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [=](char c) { return c >= first && c <= last; });
}

// "[a-z]{2}(-[a-z]+)+-\d+" (eu-west-1, us-gov-west-1), matched without std::regex, whose instantiation
// g++ 12 cannot compile warning-free under the sanitizers.
bool looks_like_region(std::string_view text) {
  const std::vector<std::string_view> parts = common::split(text, '-');
  if (parts.size() < 3 || parts.front().size() != 2 || !all_in(parts.back(), '0', '9')) return false;
  return std::all_of(parts.begin(), parts.end() - 1, [](std::string_view part) { return all_in(part, 'a', 'z'); });
}

}  // namespace

common::Expected<RegionChoice, std::string> resolve_region(const RegionSources& sources) {
  if (sources.configured) return RegionChoice{*sources.configured, "aws.region"};
  std::vector<std::string> tried{"aws.region (APP_AWS_REGION): unset"};
  for (const char* variable : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto value = common::non_empty(sources.environment, variable)) {
      if (!looks_like_region(*value)) {
        return common::Unexpected{fmt::format("{}='{}' is not an AWS region name such as eu-west-1", variable, *value)};
      }
      return RegionChoice{*value, variable};
    }
    tried.push_back(fmt::format("{}: unset", variable));
  }
  if (sources.profile_region) {
    return RegionChoice{*sources.profile_region, fmt::format("profile {}", sources.profile_name)};
  }
  tried.push_back(fmt::format("profile {}: no region", sources.profile_name));
  if (sources.instance_metadata_region) {
    if (auto region = sources.instance_metadata_region()) return RegionChoice{*region, "EC2 instance metadata"};
  }
  tried.push_back("EC2 instance metadata: no answer");
  return common::Unexpected{
      fmt::format("no AWS region configured; set aws.region (or APP_AWS_REGION) or AWS_REGION. "
                  "Looked at: {}",
                  fmt::join(tried, "; "))};
}

}  // namespace rds_exporter::aws
