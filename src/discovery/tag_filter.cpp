#include "discovery/tag_filter.h"

#include <algorithm>

namespace rds_exporter::discovery {
namespace {

bool holds(const TagCondition& condition, const aws::Tags& tags) {
  return std::any_of(tags.begin(), tags.end(), [&](const auto& tag) {
    if (tag.first != condition.key) return false;
    return condition.values.empty() ||
           std::find(condition.values.begin(), condition.values.end(), tag.second) != condition.values.end();
  });
}

}  // namespace

TagFilter::TagFilter(std::vector<TagCondition> conditions) : conditions_(std::move(conditions)) {}

bool TagFilter::matches(const aws::Tags& tags) const {
  return std::all_of(conditions_.begin(), conditions_.end(),
                     [&](const TagCondition& condition) { return holds(condition, tags); });
}

std::string TagFilter::describe() const {
  if (conditions_.empty()) return "every instance";
  std::string text;
  for (const TagCondition& condition : conditions_) {
    if (!text.empty()) text += ", ";
    text += condition.key + "=";
    if (condition.values.empty()) {
      text += "*";
      continue;
    }
    for (std::size_t i = 0; i < condition.values.size(); ++i) {
      if (i > 0) text += "|";
      text += condition.values[i];
    }
  }
  return text;
}

}  // namespace rds_exporter::discovery
