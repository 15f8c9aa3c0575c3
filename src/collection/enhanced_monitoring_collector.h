#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/logs_client.h"
#include "collection/os_document.h"
#include "collection/series_key.h"
#include "discovery/inventory.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::collection {

struct EnhancedMonitoringOptions {
  // Which parts of each document become series (enhanced_monitoring.processes, .top_processes).
  OsDocumentOptions document;
  // How far back the first read of a stream reaches, and how far back a read after a gap (a failed call, a
  // stream that was missing) reaches at most: older samples are left unread rather than fetched by the page.
  std::chrono::seconds first_window{120};
  std::chrono::seconds backfill_limit{900};
  // How long a stream found missing (ResourceNotFoundException) waits before it is asked again, alone.
  std::chrono::seconds missing_retry{600};
  // A stream whose newest event is older than this many of its intervals (plus CloudWatch Logs' ingestion) is
  // counted stale; its series then vanish after exporter.stale_after like any other.
  int stale_intervals = 3;
  // Whether a read delivers every new document of a stream (exporter.delivery: replay, remote write) or only its
  // newest (the page alone shows nothing else).
  bool every_point = true;
};

// The streams' states after a cycle, for rds_exporter_enhanced_monitoring_streams{state}.
struct StreamCounts {
  // Read, and their newest event is recent.
  int reading = 0;
  // ResourceNotFoundException: the stream (or its log group) does not exist; asked again after missing_retry.
  int missing = 0;
  // Exist, but their newest event is older than stale_intervals of their interval (or none has come yet).
  int stale = 0;
};

// What one Enhanced Monitoring cycle read, and what it cost.
struct EnhancedMonitoringResult {
  // Every sample not read before, each with its own timestamp and its instance's MonitoringInterval.
  std::vector<Reading> readings;
  // FilterLogEvents calls answered (one per page), and calls that failed after their retries (a
  // ResourceNotFoundException that a split then narrowed down counts here too).
  int filter_log_events_calls = 0;
  int failed_calls = 0;
  // Streams found missing this cycle (each once per finding).
  int streams_found_missing = 0;
  // Documents read, and documents that were not a JSON object (skipped, never retried).
  int documents = 0;
  int malformed_documents = 0;
  StreamCounts streams;
  std::vector<aws::AwsError> errors;
};

// Enhanced Monitoring's OS metrics: for every watched instance with a MonitoringInterval above 0, the documents
// RDS writes to its CloudWatch Logs stream (RDSOSMetrics, or the group its EnhancedMonitoringResourceArn names;
// the stream is its DbiResourceId), read with FilterLogEvents, up to 100 streams per call and every page,
// starting after the newest event already read of each stream. Instances without Enhanced Monitoring are never
// asked for.
//
// A stream that does not exist fails the whole call in CloudWatch Logs (ResourceNotFoundException): the batch is
// then split in halves until the missing streams are alone, so that the others are still read in the same cycle;
// a missing stream is counted, logged, and asked again alone after missing_retry. A stream that stops receiving
// events is counted stale; nothing of it is ever returned again, so its series expire in the snapshot.
class EnhancedMonitoringCollector {
 public:
  EnhancedMonitoringCollector(const aws::LogsClient& logs, EnhancedMonitoringOptions options);

  EnhancedMonitoringResult collect(const discovery::Inventory& inventory, std::chrono::system_clock::time_point now);

 private:
  struct StreamState {
    // The newest event's timestamp read so far (epoch milliseconds).
    std::optional<std::int64_t> newest_ms;
    // When the stream was first wanted: a stream without events counts stale from then.
    std::chrono::system_clock::time_point first_wanted{};
    // When a cycle last asked for it.
    std::chrono::system_clock::time_point last_wanted{};
    // Set while the stream is missing: when it is asked again.
    std::optional<std::chrono::system_clock::time_point> missing_until;
    // When a read of it last succeeded.
    std::optional<std::chrono::system_clock::time_point> last_read;
  };
  struct Target;

  // At `at`, no event for stale_intervals of its interval (plus ingestion), or none yet since it was first wanted.
  bool is_stale(const Target& target, std::chrono::system_clock::time_point at) const;
  void read_batch(const std::string& log_group, std::vector<Target*> batch, std::chrono::system_clock::time_point now,
                  EnhancedMonitoringResult& result);

  const aws::LogsClient& logs_;
  const EnhancedMonitoringOptions options_;
  // One cycle at a time (the loop is single-threaded; this guards against a test or a tool calling alongside).
  std::mutex cycle_mutex_;
  // By log group and stream name.
  std::map<std::pair<std::string, std::string>, StreamState> streams_;
};

}  // namespace rds_exporter::collection
