// Remote write from the real rds_exporter against rds_sim: to rds_sim's Amazon Managed Service for Prometheus
// endpoint, signed with SigV4, and to a local receiver that answers 503 for a while, where nothing queued may be
// lost and the overflow beyond the queue is counted.
#include "exporter_test_support.h"
#include "rds_sim_process.h"

#include "remote_write/write_request.h"

#include "remote_write.pb.h"

#include <httplib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;

double remote_write_samples(const MetricsPage& page, const std::string& url, const std::string& result) {
  const auto found = page.find("rds_exporter_remote_write_samples_total", {{"url", url}, {"result", result}});
  return found.empty() ? -1 : found.front().value;
}

double pending(const MetricsPage& page, const std::string& url) {
  const auto found = page.find("rds_exporter_remote_write_samples_pending", {{"url", url}});
  return found.empty() ? -1 : found.front().value;
}

class ExporterRemoteWriteTest : public SharedSimTest<ExporterRemoteWriteTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() { return std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET); }
};

TEST_F(ExporterRemoteWriteTest, PushesEveryPointToAmazonManagedPrometheusWithSigV4) {
  sim_->reset_stats();
  const std::string url = sim_->base_url() + "/workspaces/ws-1/api/v1/remote_write";
  ExporterProcess exporter(sim_->base_url(),
                           {{"remote_write", R"([{"url": ")" + url + R"(", "sigv4": {"region": ")" + fleet_.region +
                                                 R"("}}])"},
                            {"performance_insights.enabled", "false"},
                            {"enhanced_monitoring.enabled", "false"}});
  const MetricsPage page = exporter.wait_for("every collected point sent", [&](const MetricsPage& page) {
    return remote_write_samples(page, url, "success") > 0 && pending(page, url) == 0;
  });
  const double sent = remote_write_samples(page, url, "success");
  EXPECT_EQ(remote_write_samples(page, url, "failed"), 0);
  EXPECT_EQ(remote_write_samples(page, url, "dropped"), 0);
  // Every series of the page was pushed (each collected point at least once).
  EXPECT_GE(sent, page.sum("rds_exporter_series"));
  EXPECT_EQ(sim_->stats().value("aps_samples_received", 0.0), sent);
  EXPECT_GE(sim_->request_count("aps", "RemoteWrite", "200"), 1);
  EXPECT_EQ(page.find("rds_exporter_remote_write_last_success_timestamp_seconds", {{"url", url}}).size(), 1u);
}

// A remote-write receiver on a free loopback port: 503 while `failing`, then 200; keeps every sample accepted.
class FlakyReceiver {
 public:
  FlakyReceiver() {
    server_.Post("/api/v1/write", [this](const httplib::Request& request, httplib::Response& response) {
      ++requests_;
      if (failing_) {
        response.status = 503;
        return;
      }
      const auto decoded = remote_write::decode_write_request(request.body);
      if (!decoded) {
        response.status = 400;
        return;
      }
      const std::lock_guard lock(mutex_);
      for (const auto& series : decoded->timeseries()) {
        std::string key;
        for (const auto& label : series.labels()) key += label.name() + "=" + label.value() + ",";
        for (const auto& sample : series.samples()) {
          ++received_;
          distinct_.insert(key + std::to_string(sample.timestamp()));
        }
      }
      response.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~FlakyReceiver() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/write"; }
  void recover() { failing_ = false; }
  int requests() const { return requests_; }
  std::size_t received() {
    const std::lock_guard lock(mutex_);
    return received_;
  }
  std::size_t distinct() {
    const std::lock_guard lock(mutex_);
    return distinct_.size();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> failing_{true};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::size_t received_ = 0;
  std::set<std::string> distinct_;
};

TEST_F(ExporterRemoteWriteTest, LosesNothingWithinTheQueueWhileTheReceiverFailsAndCountsTheOverflow) {
  FlakyReceiver receiver;
  const std::string url = receiver.url();
  constexpr int kCapacity = 50;
  ExporterProcess exporter(sim_->base_url(),
                           {{"remote_write", R"([{"url": ")" + url + R"(", "queue_capacity": )" +
                                                 std::to_string(kCapacity) +
                                                 R"(, "max_samples_per_send": 20, "min_backoff": "10ms",
                                                    "max_backoff": "100ms"}])"},
                            {"performance_insights.enabled", "false"},
                            {"enhanced_monitoring.enabled", "false"}});
  // Three refusals as the page counts them: the receiver counts a request when it arrives, the exporter once the
  // answer is back, so the receiver's count may be one ahead of a page scraped a moment before.
  const auto refused = [&](const MetricsPage& page) {
    return page.sum("rds_exporter_remote_write_requests_total", {{"url", url}, {"code", "503"}});
  };
  const MetricsPage full = exporter.wait_for("a full queue while the receiver fails", [&](const MetricsPage& page) {
    return pending(page, url) == kCapacity && remote_write_samples(page, url, "dropped") > 0 && refused(page) >= 3;
  });
  const double dropped = remote_write_samples(full, url, "dropped");
  EXPECT_EQ(remote_write_samples(full, url, "success"), 0);
  EXPECT_GE(receiver.requests(), refused(full));
  // The first cycle's points (every point of its window, not only the newest of each series): what the queue
  // took, and the rest counted as dropped.
  EXPECT_EQ(dropped + kCapacity, full.sum("rds_exporter_cloudwatch_points_total"));
  EXPECT_GT(full.sum("rds_exporter_cloudwatch_points_total"), full.sum("rds_exporter_series"));

  receiver.recover();
  const MetricsPage after = exporter.wait_for("the queue sent once the receiver recovers", [&](const MetricsPage& page) {
    return pending(page, url) == 0;
  });
  EXPECT_EQ(remote_write_samples(after, url, "success"), kCapacity);
  EXPECT_EQ(remote_write_samples(after, url, "failed"), 0);
  EXPECT_EQ(remote_write_samples(after, url, "dropped"), dropped);
  EXPECT_EQ(receiver.received(), static_cast<std::size_t>(kCapacity));
  EXPECT_EQ(receiver.distinct(), static_cast<std::size_t>(kCapacity));
}

}  // namespace
}  // namespace rds_exporter::testing
