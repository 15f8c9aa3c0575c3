// The harness's Prometheus as later tests use it: the remote write receiver on or off, and its own counters.
#include "prometheus_process.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <optional>
#include <thread>

namespace rds_exporter::testing {
namespace {

// The status of an empty POST /api/v1/write once Prometheus answers; 0 when it never does.
int remote_write_status(const PrometheusProcess& prometheus) {
  httplib::Client client("127.0.0.1", prometheus.port());
  client.set_connection_timeout(std::chrono::seconds(2));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto result = client.Post("/api/v1/write", "", "application/x-protobuf")) return result->status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

TEST(PrometheusProcess, TakesRemoteWriteOnlyWhenAskedAndShowsItsOwnCounters) {
  if (!std::filesystem::exists(kPrometheusBinary)) GTEST_SKIP() << kPrometheusBinary << " is missing";
  PrometheusProcess receiver(PrometheusOptions{.scrape_interval = "5s", .enable_remote_write_receiver = true});
  // Enabled: an empty body is a bad request, not a missing endpoint.
  EXPECT_EQ(remote_write_status(receiver), 400) << receiver.log();
  EXPECT_EQ(receiver.remote_write_url(), "http://127.0.0.1:" + std::to_string(receiver.port()) + "/api/v1/write");
  EXPECT_EQ(receiver.self_metric("prometheus_target_scrapes_sample_out_of_order_total"), 0.0);
  EXPECT_EQ(receiver.self_metric("prometheus_target_scrapes_sample_duplicate_timestamp_total"), 0.0);
  EXPECT_EQ(receiver.self_metric("no_such_metric_total"), std::nullopt);
  EXPECT_TRUE(receiver.raw_samples("up", "5m", now_seconds()).empty());

  PrometheusProcess plain(PrometheusOptions{});
  EXPECT_EQ(remote_write_status(plain), 404) << plain.log();
}

}  // namespace
}  // namespace rds_exporter::testing
