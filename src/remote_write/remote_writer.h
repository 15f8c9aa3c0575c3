#pragma once

#include "publishing/series_labels.h"
#include "remote_write/write_request.h"
#include "snapshot/point_sink.h"
#include "telemetry/metric_families.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::remote_write {

// What one POST of a batch came to.
struct SendResult {
  // The HTTP status; 0 when no answer came (connection refused, timeout, cancelled).
  int status = 0;
  // A 429's Retry-After, when it gave one in seconds.
  std::optional<std::chrono::milliseconds> retry_after;
  // For the log: the network error, or the start of the answer's body. Never a secret.
  std::string detail;
};

// Sends one encoded WriteRequest to one target; HttpSender is the real one. Called from the target's sender
// thread only; must return promptly once `stop` is requested.
class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult send(const std::string& body, std::stop_token stop) = 0;
};

// The self-metrics of every target, labelled by url.
class RemoteWriteMetrics {
 public:
  RemoteWriteMetrics();

  // Counters at 0 for a configured url, so that rate() sees their first increment.
  void add_target(const std::string& url);
  void count_samples(const std::string& url, const char* result, std::size_t count);
  void count_request(const std::string& url, int status);
  void set_pending(const std::string& url, std::size_t pending);
  void set_last_success(const std::string& url, std::chrono::system_clock::time_point when);

  std::vector<exposition::MetricFamily> collect() const;

 private:
  telemetry::CounterFamily samples_;
  telemetry::GaugeFamily pending_;
  telemetry::GaugeFamily last_success_;
  telemetry::CounterFamily requests_;
};

struct WriterOptions {
  std::string url;  // the self-metrics' label and the log's name for the target
  std::size_t queue_capacity = 100000;
  std::size_t max_samples_per_send = 2000;
  std::chrono::milliseconds min_backoff{30};
  std::chrono::milliseconds max_backoff{5000};
  // exporter.tag_labels: the same labels as on /metrics.
  std::vector<std::string> tag_labels;
  // exporter.naming: the same names and values as on /metrics.
  publishing::NamingScheme naming = publishing::NamingScheme::prototype;
};

// Waits `duration` unless `stop` is requested first; false when stopped. Tests pass one that does not sleep.
using SleepFunction = std::function<bool(std::chrono::milliseconds duration, std::stop_token stop)>;
using NowFunction = std::function<std::chrono::system_clock::time_point()>;

// The real one: a condition-variable wait that a stop request ends at once.
bool sleep_unless_stopped(std::chrono::milliseconds duration, std::stop_token stop);

// Remote write to one target: deliver() turns points into samples with the page's names and labels and queues
// them, never waiting on the network; the sender thread takes them in order, max_samples_per_send at a time, and
// POSTs each batch until it is answered 2xx (success), another 4xx but 429 (the batch is dropped and counted
// failed), or the writer stops. 5xx, 429 and network errors retry the same batch, backing off from min_backoff
// doubling to max_backoff (a 429's Retry-After instead, capped at max_backoff), while new points queue behind it.
// A full queue drops the incoming samples, counted as dropped: what is queued keeps its order and nothing queued
// is ever lost while the writer runs.
class RemoteWriter : public snapshot::PointSink {
 public:
  RemoteWriter(WriterOptions options, std::unique_ptr<Sender> sender, RemoteWriteMetrics& metrics,
               SleepFunction sleep = sleep_unless_stopped, NowFunction now = std::chrono::system_clock::now);
  ~RemoteWriter() override;

  void deliver(const discovery::InventoryPtr& inventory, const std::vector<collection::Reading>& points) override;

  // The samples of `points`, queued as deliver() would; for tests and for deliver itself.
  void enqueue(std::vector<PendingSample> samples);

  void start();
  // Sends what is queued for at most `flush_deadline`, then cancels whatever is in flight and joins the thread.
  void stop(std::chrono::milliseconds flush_deadline = std::chrono::seconds(5));

  const std::string& url() const { return options_.url; }
  // Samples queued or in flight.
  std::size_t pending() const;

 private:
  void run(std::stop_token stop);
  // Takes the next batch off the queue; empty once stopping with nothing left, or stopped.
  std::vector<PendingSample> next_batch(std::stop_token stop);
  // Sends one batch until it is settled (sent, refused) or the writer is stopped.
  void send_batch(const std::vector<PendingSample>& batch, std::stop_token stop);

  const WriterOptions options_;
  // options_.tag_labels as label names, worked out once rather than at every delivery.
  const std::vector<publishing::TagLabel> tag_labels_;
  std::unique_ptr<Sender> sender_;
  RemoteWriteMetrics& metrics_;
  SleepFunction sleep_;
  NowFunction now_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<PendingSample> queue_;
  std::size_t in_flight_ = 0;
  bool draining_ = false;
  bool finished_ = false;
  std::condition_variable finished_changed_;
  std::jthread thread_;
};

}  // namespace rds_exporter::remote_write
