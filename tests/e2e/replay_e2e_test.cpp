// Issue 15, "every 1-minute point at a fifth of the CloudWatch bill": with exporter.delivery=replay the exporter
// fetches CloudWatch every 5 minutes and hands Prometheus every 1-minute point of the window, each with its own
// timestamp. rds_sim and the exporter run 20 times faster than real time (--time-scale, --testing.time-scale), so
// that 17 simulated minutes take 51 real seconds, from 20 minutes in the past (--time-backdate); every query names
// its evaluation time in rds_sim's time. Replay shows a point 7.5 minutes after its period started (period, delay,
// collection interval and half a period), so 17 minutes see the points of the first fetch and of two more.
// The same run with remote write instead: every point pushed to Prometheus' remote-write receiver as soon as it is
// collected.
#include "exporter_test_support.h"
#include "prometheus_process.h"
#include "rds_sim_process.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kTimeScale = 20;
// Data time starts 20 minutes behind real time, so that the ~19 minutes of it the test runs at 20 times real time
// stay behind Prometheus' clock: it refuses samples stamped more than 10 minutes ahead of it.
constexpr int kBackdate = 1200;
constexpr std::int64_t kDelay = 60;  // cloudwatch.delay, the shipped default

// rds_sim's arguments for that clock, and the exporter's to run on the same one.
const std::vector<std::string> kSimClock{"--time-scale", std::to_string(kTimeScale), "--time-backdate",
                                         std::to_string(kBackdate)};
std::vector<std::string> exporter_clock(const RdsSimProcess::Clock& sim) {
  return {"--testing.time-scale", std::to_string(kTimeScale), "--testing.time-origin", fmt::format("{:.6f}", sim.start),
          "--testing.time-backdate", std::to_string(kBackdate)};
}

std::int64_t floor_minute(double seconds) { return static_cast<std::int64_t>(std::floor(seconds / 60)) * 60; }

// Prometheus holds every 1-minute CPUUtilization point of `watched` whose period ended between `first_end` (at the
// latest) and `last_end` (at least), each once, with rds_sim's value and timestamp, and no minute missing between.
void expect_every_minute(const PrometheusProcess& prometheus, const RdsSimProcess& sim, const SimFleet& fleet,
                         const std::string& watched, std::int64_t first_window_end, std::int64_t last_window_end) {
  const std::string selector = "rds_cpuutilization{db_instance_identifier=\"" + watched + "\"}";
  const double at = sim.clock().now;
  const auto series = prometheus.raw_samples(selector, "40m", at);
  ASSERT_EQ(series.size(), 1u) << "Prometheus has no single series " << selector << " at " << at << "\n"
                               << prometheus.log();
  const auto& samples = series.front().samples;
  ASSERT_FALSE(samples.empty());
  const std::string engine = fleet.instance(watched).engine;
  // Timestamps are the periods' starts (CloudWatch's): the period of a sample at t ends at t + 60.
  std::int64_t previous = 0;
  for (const RawSample& sample : samples) {
    const auto start = static_cast<std::int64_t>(std::llround(sample.timestamp));
    EXPECT_EQ(start % 60, 0) << "a sample stamped off the minute: " << sample.timestamp;
    if (previous != 0) {
      EXPECT_EQ(start - previous, 60) << "a missing or repeated minute after " << previous;
    }
    previous = start;
    EXPECT_DOUBLE_EQ(sample.value, documented_value(watched, engine, "CPUUtilization", false, start)) << start;
  }
  const auto first_end = static_cast<std::int64_t>(std::llround(samples.front().timestamp)) + 60;
  const auto last_end = static_cast<std::int64_t>(std::llround(samples.back().timestamp)) + 60;
  EXPECT_LE(first_end, first_window_end) << "the first fetch's window did not reach Prometheus";
  EXPECT_GE(last_end, last_window_end) << "the later fetches did not reach Prometheus";
}

TEST(ReplayEndToEnd, EveryOneMinutePointReachesPrometheusWithRdsSimsValueAndTimestamp) {
  if (!std::filesystem::exists(kPrometheusBinary)) {
    GTEST_SKIP() << kPrometheusBinary << " is missing (scripts/install-deps.sh)";
  }
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET, kSimClock);
  const SimFleet fleet = parse_fleet(sim.fleet());
  const std::string watched = "payments-db-prd";
  ASSERT_TRUE(expected_instances(fleet, kShippedTarget).contains(watched));
  // Prometheus first, so that it scrapes from the exporter's first delivery on.
  const int exporter_port = free_port();
  PrometheusProcess prometheus(PrometheusOptions{.target_port = exporter_port, .scrape_interval = "1s"});
  const RdsSimProcess::Clock before_exporter = sim.clock();
  ASSERT_EQ(before_exporter.time_scale, kTimeScale);
  // The constructor returns once the first collection is served: the first complete fetch.
  ExporterProcess exporter(sim.base_url(),
                           {{"exporter.collection_interval", "300"},
                            {"cloudwatch.period", "60"},
                            {"exporter.delivery", "replay"},
                            {"performance_insights.enabled", "false"}},
                           {.arguments = exporter_clock(before_exporter), .port = exporter_port});
  const double first_fetch_done = sim.clock().now;

  // The first fetch happened after `before_exporter`, so its window ends at or after this minute: the point of
  // the period that ends there (and every later one) must reach Prometheus.
  const std::int64_t first_window_end = floor_minute(before_exporter.now - kDelay);
  // 17 simulated minutes past the first fetch: two more fetches (5 and 10 minutes after it) and their delivery.
  while (sim.clock().now < first_fetch_done + 17 * 60) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    ASSERT_TRUE(exporter.running()) << exporter.log();
    std::this_thread::sleep_for(500ms);
  }

  expect_every_minute(prometheus, sim, fleet, watched, first_window_end, first_window_end + 10 * 60);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_order_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_duplicate_timestamp_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_bounds_total"), 0.0);
  EXPECT_EQ(prometheus.query("up{job=\"rds_exporter\"}", now_seconds()), 1.0);
}

TEST(RemoteWriteEndToEnd, EveryOneMinutePointReachesPrometheusThroughItsRemoteWriteReceiver) {
  if (!std::filesystem::exists(kPrometheusBinary)) {
    GTEST_SKIP() << kPrometheusBinary << " is missing (scripts/install-deps.sh)";
  }
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET, kSimClock);
  const SimFleet fleet = parse_fleet(sim.fleet());
  const std::string watched = "payments-db-prd";
  // No scrape job: remote write is the only way in.
  PrometheusProcess prometheus(PrometheusOptions{.target_port = std::nullopt, .enable_remote_write_receiver = true});
  const RdsSimProcess::Clock before_exporter = sim.clock();
  ExporterProcess exporter(
      sim.base_url(),
      {{"exporter.collection_interval", "300"},
       {"cloudwatch.period", "60"},
       {"performance_insights.enabled", "false"},
       {"enhanced_monitoring.enabled", "false"},
       {"remote_write", R"([{"url": ")" + prometheus.remote_write_url() + R"(", "min_backoff": "10ms"}])"}},
      {.arguments = exporter_clock(before_exporter)});
  const double first_fetch_done = sim.clock().now;
  // The whole first window (15 minutes) is pushed at once; then two more fetches, 5 and 10 minutes later.
  const std::int64_t first_window_end = floor_minute(before_exporter.now - kDelay);
  while (sim.clock().now < first_fetch_done + 11 * 60) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    ASSERT_TRUE(exporter.running()) << exporter.log();
    std::this_thread::sleep_for(500ms);
  }
  const MetricsPage page = exporter.wait_for("every queued sample sent", [&](const MetricsPage& current) {
    return current.value("rds_exporter_remote_write_samples_pending", {{"url", prometheus.remote_write_url()}}) == 0;
  });
  // The first window reaches 15 minutes back (one minute of slack: the fetch may come a minute after the clock read).
  expect_every_minute(prometheus, sim, fleet, watched, first_window_end - 13 * 60, first_window_end + 10 * 60);
  const std::map<std::string, std::string> sent{{"url", prometheus.remote_write_url()}, {"result", "success"}};
  EXPECT_EQ(page.value("rds_exporter_remote_write_samples_total", sent),
            page.sum("rds_exporter_cloudwatch_points_total"));
  for (const char* dropped : {"prometheus_tsdb_out_of_order_samples_total", "prometheus_tsdb_out_of_bound_samples_total",
                              "prometheus_tsdb_too_old_samples_total"}) {
    EXPECT_EQ(prometheus.self_metric(dropped).value_or(0), 0.0) << dropped;
  }
}

// Issue 17: with replay delivery, every Enhanced Monitoring sample rds_sim wrote for an instance with a 10-second
// MonitoringInterval reaches Prometheus once, with its own timestamp and rds_sim's value. rds_sim and the exporter
// run 5 times faster than real time, so two scrapes a second (2.5 seconds of data time) see each sample about four
// times while it is shown (10 seconds; 2 s of real time): one scrape late under load (the sanitizer builds) does not
// lose a sample. The exporter reads the documents every 30 seconds and shows each 40 seconds after its timestamp,
// one interval after the one before. Prometheus keeps a sample scraped again with the same timestamp and value once.
TEST(ReplayEndToEnd, EveryEnhancedMonitoringSampleReachesPrometheusOnceWithItsOwnTimestamp) {
  if (!std::filesystem::exists(kPrometheusBinary)) {
    GTEST_SKIP() << kPrometheusBinary << " is missing (scripts/install-deps.sh)";
  }
  constexpr int kScale = 5;
  RdsSimProcess sim(RDS_SIM_BINARY, ENHANCED_MONITORING_FLEET, {"--time-scale", std::to_string(kScale)});
  const std::string watched = "em-postgres";
  const int exporter_port = free_port();
  PrometheusProcess prometheus(
      PrometheusOptions{.target_port = exporter_port, .scrape_interval = "500ms", .scrape_timeout = "500ms"});
  const RdsSimProcess::Clock clock = sim.clock();
  ExporterProcess exporter(sim.base_url(),
                           {{"exporter.collection_interval", "3600"},
                            {"enhanced_monitoring.collection_interval", "30"},
                            {"exporter.delivery", "replay"},
                            {"performance_insights.enabled", "false"},
                            {"inventory.enabled", "false"}},
                           {.arguments = {"--testing.time-scale", std::to_string(kScale), "--testing.time-origin",
                                          fmt::format("{:.6f}", clock.start)},
                            .port = exporter_port});
  const MetricsPage first = exporter.wait_for("the instance's first OS sample", [&](const MetricsPage& page) {
    return page.has("rds_os_cpu_utilization_ratio", {{"db_instance_identifier", watched}});
  });
  const std::string stream =
      first.one("rds_instance_info", {{"db_instance_identifier", watched}}).labels.at("dbi_resource_id");
  // Four simulated minutes: eight reads, about 24 samples shown (the first read shows only its newest due one).
  const double started = sim.clock().now;
  while (sim.clock().now < started + 240) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    ASSERT_TRUE(exporter.running()) << exporter.log();
    std::this_thread::sleep_for(500ms);
  }
  const auto series = prometheus.raw_samples(
      "rds_os_cpu_utilization_ratio{db_instance_identifier=\"" + watched + "\"}", "10m", sim.clock().now);
  ASSERT_EQ(series.size(), 1u) << prometheus.log();
  const auto& samples = series.front().samples;
  ASSERT_GE(samples.size(), 18u) << "about 24 samples shown in four minutes";
  // rds_sim's samples over the same span, each once, in order, with its value.
  const auto first_ms = static_cast<std::int64_t>(std::llround(samples.front().timestamp * 1000));
  const auto last_ms = static_cast<std::int64_t>(std::llround(samples.back().timestamp * 1000));
  const nlohmann::json written = sim.log_events(stream, first_ms, last_ms + 1);
  ASSERT_EQ(written.size(), samples.size()) << "a sample rds_sim wrote is missing or repeated";
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& event = written[i];
    EXPECT_EQ(static_cast<std::int64_t>(std::llround(samples[i].timestamp * 1000)), event["timestamp"].get<std::int64_t>());
    const auto document = nlohmann::json::parse(event["message"].get<std::string>());
    EXPECT_DOUBLE_EQ(samples[i].value, document["cpuUtilization"]["total"].get<double>() / 100) << i;
  }
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_order_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_duplicate_timestamp_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_bounds_total"), 0.0);
}

}  // namespace
}  // namespace rds_exporter::testing
