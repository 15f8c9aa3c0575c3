#pragma once

#include "sim/cloudwatch/get_metric_data_request.h"
#include "sim/fleet/fleet.h"
#include "sim/protocol/api_error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rds_exporter::sim::cloudwatch {

struct MetricDataResult {
  std::string id;
  std::string label;
  // Seconds since the epoch, in the request's ScanBy order, paired with `values`.
  std::vector<std::int64_t> timestamps;
  std::vector<double> values;
  // StatusCode Complete; PartialData when more of this query's datapoints follow on later pages.
  bool complete = true;
};

struct MetricDataPage {
  // One per query with ReturnData, in request order, on every page (empty once a query's datapoints have all
  // been sent), so that clients can merge pages by Id.
  std::vector<MetricDataResult> results;
  std::optional<std::string> next_token;
  // What CloudWatch bills GetMetricData by: billed_metrics() of the call's queries, counted again on each page.
  std::size_t metrics_requested = 0;
};

// The metrics a GetMetricData call is billed for, by AWS's pricing page: "You can request up to five statistics for
// the same metric in a single GetMetricData API request. Additional statistics are billed as an additional metric."
// So ceil(statistics / 5) for each distinct metric (namespace, metric name and dimension set, in any order) among
// the MetricStat queries, whether they return data or not; every query counts as one statistic, even one that asks
// a statistic another query of the same metric already asks at another period or unit.
std::size_t billed_metrics(const std::vector<MetricDataQuery>& queries);

// Answers a validated GetMetricData request at `now` (seconds since the epoch). Each query's datapoints are
// those of metric_values.h for its series (metric_series.h: a metric the engine does not publish, an unknown
// instance or dimension, another namespace or a Unit the metric does not have give none, with StatusCode
// Complete, as CloudWatch answers), newest first unless ScanBy is TimestampAscending. Labels default to the
// metric name, followed by the Stat when the request's queries use different statistics and by the Period when
// they use different periods, as CloudWatch labels them.
//
// Pages: queries fill a page in order until it holds MaxDatapoints (at most 100,800) datapoints; a query cut
// short is PartialData, as is every later one with datapoints left, and NextToken says where the next page
// starts. The token also pins the time the first page was computed at, so later pages neither gain nor lose
// datapoints as time moves on: following NextToken yields every datapoint exactly once. A token that does not
// belong to this request is InvalidNextToken.
std::variant<MetricDataPage, ApiError> get_metric_data(const GetMetricDataRequest& request, const Fleet& fleet,
                                                       std::int64_t now);

}  // namespace rds_exporter::sim::cloudwatch
