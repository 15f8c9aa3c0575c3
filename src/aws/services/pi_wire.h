#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::aws {

// Performance Insights (service "pi") over AWS JSON 1.1: pure functions, no I/O. Requests always name
// ServiceType RDS; the identifier is the instance's DbiResourceId, not its name.

// AWS refuses a GetResourceMetrics with more metric queries than this.
inline constexpr std::size_t kMaxPiMetricQueries = 15;

struct GetResourceMetricsInput {
  // DbiResourceId, e.g. "db-ABCDEFGHIJKLMNOPQRSTU1VW2X".
  std::string identifier;
  // With the statistic suffix PI requires, e.g. "db.Users.Threads_running.avg"; 1..15 of them.
  std::vector<std::string> metrics;
  // Inclusive.
  std::chrono::system_clock::time_point start;
  // Exclusive.
  std::chrono::system_clock::time_point end;
  // PI accepts 1, 60, 300, 3600 or 86400; counters are collected once a minute.
  int period_seconds = 60;
};

struct PiDataPoint {
  // The end of the period the value covers (PeriodAlignment END_TIME).
  std::chrono::system_clock::time_point timestamp;
  // nullopt when PI has no value yet, as for the newest minute.
  std::optional<double> value;
};

struct PiMetricResult {
  // The requested name, statistic suffix included.
  std::string metric;
  // Oldest first, as PI sends them.
  std::vector<PiDataPoint> points;
};

struct GetResourceMetricsOutput {
  std::vector<PiMetricResult> metrics;
};

struct PiAvailableMetric {
  // Without a statistic suffix, e.g. "db.SQL.Questions".
  std::string metric;
  std::string unit;
  std::string description;
};

struct PiAvailableMetricsPage {
  std::vector<PiAvailableMetric> metrics;
  // Set while more pages follow.
  std::optional<std::string> next_token;
};

// ServiceType RDS, PeriodAlignment END_TIME, one plain MetricQuery per metric (no GroupBy, no Filter).
common::HttpRequest get_resource_metrics_request(const GetResourceMetricsInput& input);

// Keeps only the MetricList entries without Dimensions: those are GroupBy breakdowns (of db.load), which
// counter queries never ask for, and reading them as the plain series would mix per-dimension values into
// it. A non-2xx answer gives the JSON error it carries; an entry without Key.Metric or a data point without
// Timestamp gives a malformed_response error.
common::Expected<GetResourceMetricsOutput, AwsError> parse_get_resource_metrics(const common::HttpResponse& response);

// At most 25 metrics per page, the most PI allows. metric_types: "os", "db", "db.sql.stats", ...
common::HttpRequest list_available_resource_metrics_request(const std::string& identifier,
                                                            const std::vector<std::string>& metric_types,
                                                            const std::optional<std::string>& next_token);

common::Expected<PiAvailableMetricsPage, AwsError> parse_list_available_resource_metrics(
    const common::HttpResponse& response);

}  // namespace rds_exporter::aws
