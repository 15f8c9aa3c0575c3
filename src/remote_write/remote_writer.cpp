#include "remote_write/remote_writer.h"

#include "logging/log_setup.h"

#include <algorithm>
#include <iterator>

namespace rds_exporter::remote_write {
namespace {

constexpr const char* kResults[] = {"success", "failed", "dropped"};

bool retryable(int status) { return status == 0 || status == 429 || status >= 500; }

std::int64_t milliseconds_since_epoch(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

RemoteWriteMetrics::RemoteWriteMetrics()
    : samples_("rds_exporter_remote_write_samples_total",
               "Samples remote write handled, by target url and result (success: accepted by the receiver; failed: "
               "refused with a 4xx other than 429, not retried; dropped: the queue was full).",
               {"url", "result"}),
      pending_("rds_exporter_remote_write_samples_pending",
               "Samples queued or being sent to the target, not yet accepted.", {"url"}),
      last_success_("rds_exporter_remote_write_last_success_timestamp_seconds",
                    "When the target last accepted a batch, in seconds since the Unix epoch.", {"url"}),
      requests_("rds_exporter_remote_write_requests_total",
                "Remote-write POSTs answered, by target url and HTTP status code (0: no answer: a network error or "
                "a timeout).",
                {"url", "code"}) {}

void RemoteWriteMetrics::add_target(const std::string& url) {
  for (const char* result : kResults) samples_.increment({url, result}, 0);
  pending_.set({url}, 0);
}

void RemoteWriteMetrics::count_samples(const std::string& url, const char* result, std::size_t count) {
  samples_.increment({url, result}, static_cast<double>(count));
}

void RemoteWriteMetrics::count_request(const std::string& url, int status) {
  requests_.increment({url, std::to_string(status)});
}

void RemoteWriteMetrics::set_pending(const std::string& url, std::size_t pending) {
  pending_.set({url}, static_cast<double>(pending));
}

void RemoteWriteMetrics::set_last_success(const std::string& url, std::chrono::system_clock::time_point when) {
  last_success_.set({url}, std::chrono::duration<double>(when.time_since_epoch()).count());
}

std::vector<exposition::MetricFamily> RemoteWriteMetrics::collect() const {
  return {samples_.collect(), pending_.collect(), last_success_.collect(), requests_.collect()};
}

bool sleep_unless_stopped(std::chrono::milliseconds duration, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  wake.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

RemoteWriter::RemoteWriter(WriterOptions options, std::unique_ptr<Sender> sender, RemoteWriteMetrics& metrics,
                           SleepFunction sleep, NowFunction now)
    : options_(std::move(options)),
      tag_labels_(publishing::tag_labels_of(options_.tag_labels)),
      sender_(std::move(sender)),
      metrics_(metrics),
      sleep_(std::move(sleep)),
      now_(std::move(now)) {
  metrics_.add_target(options_.url);
}

RemoteWriter::~RemoteWriter() { stop(std::chrono::milliseconds(0)); }

void RemoteWriter::deliver(const discovery::InventoryPtr& inventory, const std::vector<collection::Reading>& points) {
  if (!inventory || points.empty()) return;
  const publishing::SeriesLabeler labeler(*inventory, tag_labels_, options_.naming);
  std::vector<PendingSample> samples;
  samples.reserve(points.size());
  for (const collection::Reading& point : points) {
    PendingSample sample;
    if (!labeler.sample_of(point, sample.labels, sample.value)) continue;
    sample.timestamp_ms = milliseconds_since_epoch(point.timestamp);
    samples.push_back(std::move(sample));
  }
  enqueue(std::move(samples));
}

void RemoteWriter::enqueue(std::vector<PendingSample> samples) {
  if (samples.empty()) return;
  std::size_t dropped = 0;
  std::size_t pending = 0;
  {
    const std::lock_guard lock(mutex_);
    const std::size_t room = options_.queue_capacity - std::min(options_.queue_capacity, queue_.size() + in_flight_);
    const std::size_t taken = std::min(room, samples.size());
    std::move(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(taken), std::back_inserter(queue_));
    dropped = samples.size() - taken;
    pending = queue_.size() + in_flight_;
    // Under the lock, so that the gauge never goes back to an older value.
    metrics_.set_pending(options_.url, pending);
  }
  if (dropped > 0) {
    metrics_.count_samples(options_.url, "dropped", dropped);
    logging::logger("remote_write")
        ->warn("{}: queue full ({} samples): {} new samples dropped", options_.url, options_.queue_capacity, dropped);
  }
  wake_.notify_all();
}

void RemoteWriter::start() {
  {
    const std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    draining_ = false;
    finished_ = false;
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void RemoteWriter::stop(std::chrono::milliseconds flush_deadline) {
  if (!thread_.joinable()) return;
  {
    std::unique_lock lock(mutex_);
    draining_ = true;
    wake_.notify_all();
    finished_changed_.wait_for(lock, flush_deadline, [this] { return finished_; });
  }
  thread_.request_stop();
  thread_.join();
  const std::lock_guard lock(mutex_);
  const std::size_t left = queue_.size() + in_flight_;
  if (left > 0) {
    logging::logger("remote_write")->warn("{}: stopping with {} samples not sent", options_.url, left);
  }
}

std::size_t RemoteWriter::pending() const {
  const std::lock_guard lock(mutex_);
  return queue_.size() + in_flight_;
}

void RemoteWriter::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::vector<PendingSample> batch = next_batch(stop);
    if (batch.empty()) break;
    send_batch(batch, stop);
    const std::lock_guard lock(mutex_);
    in_flight_ = 0;
    metrics_.set_pending(options_.url, queue_.size());
  }
  const std::lock_guard lock(mutex_);
  finished_ = true;
  finished_changed_.notify_all();
}

std::vector<PendingSample> RemoteWriter::next_batch(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, stop, [this] { return !queue_.empty() || draining_; });
  std::vector<PendingSample> batch;
  if (stop.stop_requested()) return batch;
  const std::size_t count = std::min(queue_.size(), options_.max_samples_per_send);
  batch.reserve(count);
  std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count), std::back_inserter(batch));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(count));
  in_flight_ = count;
  return batch;
}

void RemoteWriter::send_batch(const std::vector<PendingSample>& batch, std::stop_token stop) {
  const auto log = logging::logger("remote_write");
  const std::string body = encode_write_request(batch);
  std::chrono::milliseconds backoff = options_.min_backoff;
  for (int attempt = 1; !stop.stop_requested(); ++attempt) {
    const SendResult result = sender_->send(body, stop);
    if (stop.stop_requested()) return;
    metrics_.count_request(options_.url, result.status);
    if (result.status >= 200 && result.status < 300) {
      metrics_.count_samples(options_.url, "success", batch.size());
      metrics_.set_last_success(options_.url, now_());
      if (attempt > 1) log->info("{}: sent after {} attempts", options_.url, attempt);
      return;
    }
    if (!retryable(result.status)) {
      metrics_.count_samples(options_.url, "failed", batch.size());
      log->error("{}: {} samples refused with HTTP {}, not retried: {}", options_.url, batch.size(), result.status,
                 result.detail);
      return;
    }
    std::chrono::milliseconds wait = backoff;
    if (result.status == 429 && result.retry_after) wait = std::min(*result.retry_after, options_.max_backoff);
    if (attempt == 1 || attempt % 10 == 0) {
      std::string what = result.status == 0 ? result.detail : "HTTP " + std::to_string(result.status);
      if (result.status != 0 && !result.detail.empty()) what += ": " + result.detail;
      log->warn("{}: {} (attempt {}), retrying in {} ms", options_.url, what, attempt, wait.count());
    }
    if (!sleep_(wait, stop)) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

}  // namespace rds_exporter::remote_write
