#pragma once

#include "common/http_message.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

// The parameters of an AWS Query request, decoded, from its query string and form body together.
class QueryParameters {
 public:
  QueryParameters() = default;
  explicit QueryParameters(common::QueryParams entries) : entries_(std::move(entries)) {}

  // The first value of `name` (Query names are case-sensitive), or nullptr.
  const std::string* find(std::string_view name) const;

  // The items of a Query list serialised as "<prefix>.N.<member>" (lists of structures) or "<prefix>.N"
  // (lists of values), keyed by N, each holding its members with "<prefix>.N." removed; a value item's own
  // value has the empty name. Names whose N is not a positive number belong to no item.
  std::map<unsigned, QueryParameters> list_items(std::string_view prefix) const;

  // The values of a list of values ("<prefix>.1", "<prefix>.2", ...) in index order.
  std::vector<std::string> list_values(std::string_view prefix) const;

  const common::QueryParams& entries() const { return entries_; }

 private:
  common::QueryParams entries_;
};

}  // namespace rds_exporter::sim
