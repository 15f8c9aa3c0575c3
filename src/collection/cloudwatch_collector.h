#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/cloudwatch_client.h"
#include "catalog/metric_selection.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <string>
#include <vector>

namespace rds_exporter::collection {

struct CollectorOptions {
  std::chrono::seconds period{60};
  std::chrono::seconds delay{60};
  // GetMetricData calls in flight at once.
  int max_concurrent_calls = 4;
};

// What one cycle fetched, and what it cost.
struct CollectionResult {
  // The newest datapoint of every series that had one in the window.
  std::vector<Reading> readings;
  std::size_t queries = 0;
  // GetMetricData requests answered, NextToken pages included (retries of one request are not new calls). A
  // failed batch adds nothing: the client does not report the attempts or pages it made before failing.
  int get_metric_data_calls = 0;
  // What CloudWatch bills: metrics requested, over every answered call and page (a batch's size per page).
  std::size_t metrics_requested = 0;
  // Batches that failed after retries; their series keep their previous values in the snapshot.
  int failed_batches = 0;
  // Series whose result said Forbidden or InternalError.
  int failed_series = 0;
  std::vector<aws::AwsError> errors;

  bool complete() const { return failed_batches == 0 && failed_series == 0; }
};

// CloudWatchCollector: one cycle = one query plan, packed into ⌈Q/500⌉ GetMetricData calls sent with bounded
// concurrency over an aligned window; the newest datapoint per query wins.
class CloudWatchCollector {
 public:
  CloudWatchCollector(const aws::CloudWatchClient& cloudwatch, CollectorOptions options);

  CollectionResult collect(const discovery::Inventory& inventory, const catalog::MetricSelection& selection,
                           std::chrono::system_clock::time_point now) const;

 private:
  const aws::CloudWatchClient& cloudwatch_;
  CollectorOptions options_;
};

}  // namespace rds_exporter::collection
