#pragma once

#include "aws/services/rds_wire.h"

#include <string>
#include <vector>

namespace rds_exporter::discovery {

// One condition on a resource's tags: `key` present with one of `values` (exact, case-sensitive, as AWS
// compares tags), or with any value when `values` is empty.
struct TagCondition {
  std::string key;
  std::vector<std::string> values;
};

// Every condition must hold. No condition at all selects every instance; that is what the configuration asks
// for explicitly (target.tag_key ""), never a fallback when conditions match nothing.
class TagFilter {
 public:
  explicit TagFilter(std::vector<TagCondition> conditions);

  bool matches(const aws::Tags& tags) const;
  bool selects_everything() const { return conditions_.empty(); }
  // "env=prd, team=payments|billing, owner=*" or "every instance", for logs.
  std::string describe() const;

  const std::vector<TagCondition>& conditions() const { return conditions_; }

 private:
  std::vector<TagCondition> conditions_;
};

}  // namespace rds_exporter::discovery
