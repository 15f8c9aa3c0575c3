#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::aws {

// CloudWatch GetMetricData over AWS JSON 1.0, the protocol current SDKs speak to CloudWatch: pure functions,
// no I/O.

// One metric statistic to fetch. Sent with ReturnData true and without Unit: a Unit that does not match
// the stored one returns no data at all, since CloudWatch does not convert units.
struct MetricDataQuery {
  // Unique per request; a lowercase letter, then letters, digits and underscores.
  std::string id;
  std::string namespace_name;
  std::string metric_name;
  std::vector<std::pair<std::string, std::string>> dimensions;
  int period_seconds = 60;
  // "Average", "Maximum", "p99", ...
  std::string stat;
};

struct GetMetricDataInput {
  // Up to 500 per request on AWS's side.
  std::vector<MetricDataQuery> queries;
  // Inclusive.
  std::chrono::system_clock::time_point start;
  // Exclusive.
  std::chrono::system_clock::time_point end;
  std::optional<std::string> next_token;
  std::optional<int> max_datapoints;
};

struct MetricDataResult {
  std::string id;
  std::string label;
  // Newest first (ScanBy TimestampDescending), millisecond precision; timestamps[i] pairs with values[i].
  std::vector<std::chrono::system_clock::time_point> timestamps;
  std::vector<double> values;
  // "Complete", "PartialData" (more via the next token), "InternalError" or "Forbidden".
  std::string status_code;
  // Code/value pairs CloudWatch attaches, e.g. to explain PartialData.
  std::vector<std::pair<std::string, std::string>> messages;
};

struct GetMetricDataPage {
  std::vector<MetricDataResult> results;
  // Set while more pages follow; pages are merged by result id.
  std::optional<std::string> next_token;
  std::vector<std::pair<std::string, std::string>> messages;
};

common::HttpRequest get_metric_data_request(const GetMetricDataInput& input);

// A non-2xx answer gives the JSON error it carries (with the Query code in query-compatible mode); a result
// without an id, or with timestamps and values of different lengths, gives a malformed_response error.
common::Expected<GetMetricDataPage, AwsError> parse_get_metric_data(const common::HttpResponse& response);

}  // namespace rds_exporter::aws
