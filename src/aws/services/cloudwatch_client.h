#pragma once

#include "aws/client/service_client.h"
#include "aws/services/cloudwatch_wire.h"

#include <vector>

namespace rds_exporter::aws {

inline constexpr std::size_t kMaxQueriesPerGetMetricData = 500;

struct MetricDataAnswer {
  // One per query id, the pages merged: timestamps and values concatenated in the order AWS sent them.
  std::vector<MetricDataResult> results;
  std::vector<std::pair<std::string, std::string>> messages;
  // HTTP calls made, NextToken pages included.
  int calls = 0;
};

// CloudWatch over AWS JSON 1.0, the protocol current SDKs send: numeric timestamps and no XML make its
// answers smaller and cheaper to read than the Query protocol's, and the JSON codec is shared with
// Performance Insights.
class CloudWatchClient {
 public:
  explicit CloudWatchClient(ServiceClient client);

  // One GetMetricData with at most 500 queries, following NextToken until the last page.
  // By value: the pages are asked with the same input and the next token, never a copy of its queries.
  common::Expected<MetricDataAnswer, AwsError> get_metric_data(GetMetricDataInput input) const;

  const ServiceClient& service_client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
