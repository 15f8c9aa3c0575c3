// Issue 15, "every 1-minute point at a fifth of the CloudWatch bill": with exporter.delivery=replay the exporter
// fetches CloudWatch every 5 minutes and hands Prometheus every 1-minute point of the window, each with its own
// timestamp. rds_sim and the exporter run 20 times faster than real time (--time-scale, --testing.time-scale), so
// that 17 simulated minutes take 51 real seconds, from 20 minutes in the past (--time-backdate); every query names
// its evaluation time in rds_sim's time. Replay shows a point 7.5 minutes after its period started (period, delay,
// collection interval and half a period), so 17 minutes see the points of the first fetch and of two more.
//
// Until replay delivery exists, the binary refuses exporter.delivery and the test is skipped; it runs by itself
// once --check-config takes the key.
#include "exporter_test_support.h"
#include "prometheus_process.h"
#include "rds_sim_process.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kTimeScale = 20;
// Data time starts 20 minutes behind real time, so that the ~19 minutes of it the test runs at 20 times real time
// stay behind Prometheus' clock: it refuses samples stamped more than 10 minutes ahead of it.
constexpr int kBackdate = 1200;
constexpr std::int64_t kDelay = 60;  // cloudwatch.delay, the shipped default

// Whether this rds_exporter's --check-config takes `key`=`value` (exit 0); a control key must be taken, so that a
// broken harness fails instead of skipping.
bool check_config_takes(const std::string& key, const std::string& value) {
  const auto home = make_temp_dir("rds-exporter-home");
  const auto check = [&](const std::string& assignment) {
    return run(RDS_EXPORTER_BINARY,
               {"--config-dir", RDS_EXPORTER_CONFIG_DIR, "--check-config", "--set", "aws.region=ap-northeast-2",
                "--set", assignment},
               {{"HOME", home.string()}}, std::nullopt)
        .exit_code;
  };
  const int control = check("exporter.collection_interval=300");
  const int asked = check(key + "=" + value);
  std::error_code ignored;
  std::filesystem::remove_all(home, ignored);
  if (control != 0) throw std::runtime_error("rds_exporter --check-config refused a valid configuration");
  return asked == 0;
}

std::int64_t floor_minute(double seconds) { return static_cast<std::int64_t>(std::floor(seconds / 60)) * 60; }

TEST(ReplayEndToEnd, EveryOneMinutePointReachesPrometheusWithRdsSimsValueAndTimestamp) {
  if (!std::filesystem::exists(kPrometheusBinary)) {
    GTEST_SKIP() << kPrometheusBinary << " is missing (scripts/install-deps.sh)";
  }
  if (!check_config_takes("exporter.delivery", "replay")) {
    GTEST_SKIP() << "this rds_exporter has no exporter.delivery=replay yet (--check-config refuses it)";
  }
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET,
                    {"--time-scale", std::to_string(kTimeScale), "--time-backdate", std::to_string(kBackdate)});
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
                           {.arguments = {"--testing.time-scale", std::to_string(kTimeScale), "--testing.time-origin",
                                          fmt::format("{:.6f}", before_exporter.start), "--testing.time-backdate",
                                          std::to_string(kBackdate)},
                            .port = exporter_port});
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
  // Fetches at F, F + 5 min and F + 10 min; the first's newest period ends about F - 1 min, at or after
  // first_window_end, the third's about F + 9 min, and its points are shown by F + 16.5 min.
  EXPECT_GE(last_end, first_window_end + 10 * 60) << "the later fetches did not reach Prometheus";

  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_order_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_duplicate_timestamp_total"), 0.0);
  EXPECT_EQ(prometheus.self_metric("prometheus_target_scrapes_sample_out_of_bounds_total"), 0.0);
  EXPECT_EQ(prometheus.query("up{job=\"rds_exporter\"}", now_seconds()), 1.0);
}

}  // namespace
}  // namespace rds_exporter::testing
