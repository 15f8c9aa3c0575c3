#include "sim/cloudwatch/list_metrics.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/cloudwatch_errors.h"
#include "sim/cloudwatch/fnv1a.h"
#include "sim/cloudwatch/page_token.h"
#include "sim/cloudwatch/parameter_reader.h"
#include "sim/protocol/common_errors.h"

#include <algorithm>

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::string_view kListMetricsTokenOperation = "ListMetrics";
constexpr std::size_t kMaxDimensionFilters = 10;

std::uint64_t fingerprint(const ListMetricsRequest& request) {
  Fnv1a hash;
  hash.add(request.namespace_name.value_or("")).add("|").add(request.metric_name.value_or("")).add("|");
  for (const DimensionFilter& filter : request.dimensions) {
    hash.add(filter.name).add("=").add(filter.value.value_or("")).add("|");
  }
  return hash.value();
}

bool matches(const MetricSeries& series, const ListMetricsRequest& request) {
  if (request.namespace_name && *request.namespace_name != kRdsNamespace) return false;
  if (request.metric_name && *request.metric_name != series.metric->name) return false;
  return std::all_of(request.dimensions.begin(), request.dimensions.end(), [&](const DimensionFilter& filter) {
    return filter.name == series.dimension_name() && (!filter.value || *filter.value == series.source_id);
  });
}

}  // namespace

std::variant<ListMetricsRequest, ApiError> read_list_metrics(const QueryParameters& params) {
  ValidationReport report;
  ParameterReader reader(params, report);
  ListMetricsRequest request;
  if (const std::string* value = reader.find("Namespace")) request.namespace_name = *value;
  if (const std::string* value = reader.find("MetricName")) request.metric_name = *value;
  const auto filters = reader.items("Dimensions");
  if (filters.size() > kMaxDimensionFilters) report.invalid(collection_size_line("Dimensions", kMaxDimensionFilters));
  for (const auto& [index, item] : filters) {
    ParameterReader filter(item, reader, "Dimensions", index);
    const std::string* name = filter.required("Name");
    if (name == nullptr) continue;
    const std::string* value = filter.find("Value");
    request.dimensions.push_back({*name, value != nullptr ? std::optional<std::string>(*value) : std::nullopt});
  }
  if (const std::string* recent = reader.find("RecentlyActive"); recent != nullptr && *recent != "PT3H") {
    report.invalid(invalid_value_line(*recent, "RecentlyActive"));
  }
  if (auto error = report.as_parameter_error()) return std::move(*error);
  if (const std::string* token = reader.find("NextToken"); token != nullptr && !token->empty()) {
    request.next_token = *token;
  }
  return request;
}

std::variant<MetricsPage, ApiError> list_metrics(const ListMetricsRequest& request, const Fleet& fleet) {
  const std::uint64_t request_fingerprint = fingerprint(request);
  std::size_t skip = 0;
  if (request.next_token) {
    const auto positions = decode_page_token(*request.next_token, kListMetricsTokenOperation, request_fingerprint, 1);
    if (!positions) return invalid_parameter_value(invalid_value_line(*request.next_token, "NextToken"));
    skip = static_cast<std::size_t>(positions->front());
  }
  MetricsPage page;
  std::size_t matched = 0;
  for (const MetricSeries& series : all_series(fleet)) {
    if (!matches(series, request) || matched++ < skip) continue;
    if (page.metrics.size() == kListMetricsPageSize) {
      page.next_token = encode_page_token(kListMetricsTokenOperation, request_fingerprint,
                                          {static_cast<std::int64_t>(skip + kListMetricsPageSize)});
      break;
    }
    page.metrics.push_back(series);
  }
  return page;
}

}  // namespace rds_exporter::sim::cloudwatch
