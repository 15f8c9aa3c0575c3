#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rds_exporter::common {

// The candidate closest to `name` by edit distance, if it is close enough to be a plausible typo
// (at most a third of the longer name's length, and never more than 3 edits).
std::optional<std::string> nearest_name(std::string_view name, std::span<const std::string> candidates);

}  // namespace rds_exporter::common
