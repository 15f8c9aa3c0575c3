#pragma once

#include "aws/protocol/timestamp.h"
#include "common/http_message.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// Flattens an operation's input into Query protocol parameters as botocore's QuerySerializer does:
// structure members as "Parent.Member", list items as "Name.<item>.N" counting from 1, where <item> is the
// model's locationName ("Filter", "Value") or "member". Parameters keep the order they are added in, which
// callers make the model's member order so that bodies match the SDKs' byte for byte.
class QueryParamsBuilder {
 public:
  QueryParamsBuilder& add(std::string name, std::string value);
  QueryParamsBuilder& add_bool(std::string name, bool value);
  QueryParamsBuilder& add_integer(std::string name, std::int64_t value);
  // ISO-8601 UTC, the Query protocol's timestamp form.
  QueryParamsBuilder& add_timestamp(std::string name, TimePoint value);
  // "Name.<item>.1=a&Name.<item>.2=b"; an empty list is sent as "Name=", as botocore does.
  QueryParamsBuilder& add_list(const std::string& name, std::string_view item_name,
                               const std::vector<std::string>& values);

  const common::QueryParams& params() const& { return params_; }
  common::QueryParams params() && { return std::move(params_); }

 private:
  common::QueryParams params_;
};

// "Filters.Filter.3" for the third (index 2) item of a list of structures, whose members the caller then adds
// as prefix + ".Name".
std::string query_list_item(std::string_view name, std::string_view item_name, std::size_t index);

}  // namespace rds_exporter::aws
