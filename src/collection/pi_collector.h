#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/pi_client.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

namespace rds_exporter::collection {

struct PiCollectorOptions {
  // GetResourceMetrics calls in flight at once.
  int max_concurrent_calls = 4;
  // How long an instance's list of available counters (ListAvailableResourceMetrics) is trusted.
  std::chrono::seconds availability_refresh{24 * 3600};
};

// What one Performance Insights cycle fetched, and what it cost.
struct PiCollectionResult {
  std::vector<Reading> readings;
  // Calls answered: GetResourceMetrics, and ListAvailableResourceMetrics (only when an instance's cached list of
  // counters is missing or a day old).
  int get_resource_metrics_calls = 0;
  int list_available_calls = 0;
  // Calls that failed after retries; their instances keep their previous values in the snapshot.
  int failed_calls = 0;
  // Watched instances of an engine with seed metrics from Performance Insights, but with it turned off.
  int instances_with_pi_off = 0;
  std::vector<aws::AwsError> errors;
};

// The seed's engine-specific metrics from Performance Insights: for each watched instance with it on, one
// GetResourceMetrics call per cycle (more only past 15 counters) asking exactly the counters its engine's
// recipes need and ListAvailableResourceMetrics says it has, over the last five one-minute periods; the newest
// period in which every input of a recipe has a value gives the reading.
class PiCollector {
 public:
  PiCollector(const aws::PiClient& pi, PiCollectorOptions options);

  PiCollectionResult collect(const discovery::Inventory& inventory, std::chrono::system_clock::time_point now);

 private:
  struct Availability {
    // Those of the counters recipes take that the instance has, sorted (texts of the catalog's).
    std::vector<std::string_view> counters;
    std::chrono::system_clock::time_point fetched;
  };

  // The counters the instance has, from the cache or ListAvailableResourceMetrics; nullptr when that failed.
  const std::vector<std::string_view>* available_counters(const discovery::WatchedInstance& instance,
                                                          std::chrono::system_clock::time_point now,
                                                          PiCollectionResult& result);

  const aws::PiClient& pi_;
  PiCollectorOptions options_;
  std::mutex availability_mutex_;
  // By DbiResourceId, which survives renames.
  std::unordered_map<std::string, Availability> availability_;
};

}  // namespace rds_exporter::collection
