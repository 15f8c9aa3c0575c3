#include "sim/pi/list_available_resource_metrics.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/pi/counter_catalog.h"
#include "sim/pi/pi_errors.h"
#include "sim/pi/pi_resource.h"
#include "sim/pi/request_body.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rds_exporter::sim::pi {
namespace {

using common::Expected;
using common::Unexpected;
using Json = nlohmann::ordered_json;

constexpr std::string_view kPerSqlMetricTypes[] = {"db.sql.stats", "db.sql_tokenized.stats"};

struct Listing {
  std::vector<std::string> type_names;
  std::int64_t max_results = kMaxListResults;
  std::optional<std::string> next_token;
};

Expected<Listing, ApiError> read_listing(const RequestBody& request) {
  Listing listing;
  auto types = request.required_list("MetricTypes", 0, std::numeric_limits<std::size_t>::max());
  if (!types) return Unexpected{std::move(types).error()};
  for (const nlohmann::json& type : **types) {
    if (!type.is_string()) return Unexpected{wrong_type("MetricTypes", "a list of strings")};
    listing.type_names.push_back(type.get<std::string>());
  }
  auto max_results = request.optional_integer("MaxResults");
  if (!max_results) return Unexpected{std::move(max_results).error()};
  if (max_results->has_value() && **max_results < 0) {
    return Unexpected{validation_error("maxResults", "Member must have value greater than or equal to 0")};
  }
  if (max_results->has_value() && **max_results > kMaxListResults) {
    return Unexpected{validation_error("maxResults", "Member must have value less than or equal to 25")};
  }
  if (max_results->value_or(0) > 0) listing.max_results = **max_results;
  auto next_token = request.optional_string("NextToken");
  if (!next_token) return Unexpected{std::move(next_token).error()};
  listing.next_token = std::move(*next_token);
  return listing;
}

Expected<std::set<MetricType>, ApiError> metric_types(const std::vector<std::string>& names) {
  std::set<MetricType> types;
  for (const std::string& name : names) {
    if (const auto type = parse_metric_type(name)) {
      types.insert(*type);
    } else if (std::find(std::begin(kPerSqlMetricTypes), std::end(kPerSqlMetricTypes), name) ==
               std::end(kPerSqlMetricTypes)) {
      return Unexpected{invalid_argument("The metric type " + name +
                                         " is not valid: use os, db, db.sql.stats or db.sql_tokenized.stats")};
    }
  }
  return types;
}

// Binds a NextToken to the listing it pages through.
std::string fingerprint(std::string_view identifier, std::vector<std::string> type_names) {
  std::sort(type_names.begin(), type_names.end());
  cloudwatch::Fnv1a hash;
  hash.add(identifier);
  for (const std::string& name : type_names) hash.add("/").add(name);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value()));
  return hex;
}

std::string next_token(std::size_t offset, std::string_view fingerprint) {
  return std::to_string(offset) + "-" + std::string(fingerprint);
}

Expected<std::size_t, ApiError> token_offset(std::string_view token, std::string_view fingerprint) {
  const auto invalid = [&] {
    return Unexpected{invalid_argument("The NextToken " + std::string(token) + " is not valid")};
  };
  const std::size_t dash = token.find('-');
  if (dash == std::string_view::npos || token.substr(dash + 1) != fingerprint) return invalid();
  std::size_t offset = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + dash, offset);
  if (error != std::errc{} || end != token.data() + dash || dash == 0) return invalid();
  return offset;
}

}  // namespace

OperationOutcome ListAvailableResourceMetrics::invoke(const JsonCall& call) const {
  auto request = RequestBody::parse(call.body);
  if (!request) return std::move(request).error();
  auto listing = read_listing(*request);
  if (!listing) return std::move(listing).error();
  auto resource = find_resource(*request, call.fleet);
  if (!resource) return std::move(resource).error();
  auto types = metric_types(listing->type_names);
  if (!types) return std::move(types).error();

  std::vector<const Counter*> listed;
  for (const Counter* counter : counters_of(resource->family)) {
    if (types->contains(counter->type())) listed.push_back(counter);
  }
  const std::string bound_to = fingerprint(resource->instance->dbi_resource_id, listing->type_names);
  std::size_t offset = 0;
  if (listing->next_token) {
    auto from = token_offset(*listing->next_token, bound_to);
    if (!from) return std::move(from).error();
    offset = std::min(*from, listed.size());
  }
  const std::size_t page_end = std::min(listed.size(), offset + static_cast<std::size_t>(listing->max_results));

  Json metrics = Json::array();
  for (std::size_t i = offset; i < page_end; ++i) {
    metrics.push_back(
        {{"Metric", listed[i]->name}, {"Description", listed[i]->description}, {"Unit", listed[i]->unit}});
  }
  Json answer{{"Metrics", std::move(metrics)}};
  if (page_end < listed.size()) answer["NextToken"] = next_token(page_end, bound_to);
  return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rds_exporter::sim::pi
