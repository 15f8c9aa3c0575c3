// What a simulated hour of collection bills, counted by rds_sim as CloudWatch bills it, for the two ways of getting
// every 1-minute point: a fetch every minute (delivery newest) and a fetch every 5 minutes that keeps all five
// (delivery replay). rds_sim and the exporter run 120 times faster than real time (--time-scale,
// --testing.time-scale), two hours behind real time, so an hour takes 30 real seconds. The demo fleet's Aurora
// clusters add the two 5-minute metrics VolumeReadIOPs and VolumeWriteIOPs, which are asked only when a new point
// can exist: 12 times an hour, not 60.
#include "exporter_test_support.h"
#include "rds_sim_process.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kTimeScale = 120;
constexpr int kBackdate = 7200;

struct HourOfBilling {
  // Metrics the exporter counted as billed over exactly one simulated hour of cycles.
  double billed = 0;
  // Queries of a cycle that asks everything, and of one that asks only the 1-minute metrics.
  double all_queries = 0;
  double one_minute_queries = 0;
  // rds_sim's billing counter and the exporter's, over the whole run.
  std::int64_t sim_total = 0;
  double exporter_total = 0;
};

HourOfBilling bill_one_hour(const std::string& collection_interval, const std::string& delivery, int cycles_an_hour) {
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET,
                    {"--time-scale", std::to_string(kTimeScale), "--time-backdate", std::to_string(kBackdate)});
  const RdsSimProcess::Clock clock = sim.clock();
  ExporterProcess exporter(sim.base_url(),
                           {{"exporter.collection_interval", collection_interval},
                            {"cloudwatch.period", "60"},
                            {"exporter.delivery", delivery},
                            {"cloudwatch.metrics.add", "VolumeReadIOPs,VolumeWriteIOPs"},
                            {"performance_insights.enabled", "false"}},
                           {.arguments = {"--testing.time-scale", std::to_string(kTimeScale), "--testing.time-origin",
                                          fmt::format("{:.6f}", clock.start), "--testing.time-backdate",
                                          std::to_string(kBackdate)}});
  HourOfBilling result;
  result.all_queries = 0;
  result.one_minute_queries = 1e9;
  // Every cycle's page, so that the hour starts and ends at exact cycle counts.
  MetricsPage page = exporter.scrape();
  const double first = collections(page);
  double start_billed = -1;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (collections(page) < first + 1 + cycles_an_hour && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    page = exporter.scrape();
    if (collections(page) < first + 1) continue;
    // The hour starts after the first full cycle past the start-up one (whose window reaches back 15 minutes).
    if (start_billed < 0) start_billed = page.sum("rds_exporter_cloudwatch_metrics_requested_total");
    const double queries = page.sum("rds_exporter_cloudwatch_queries");
    result.all_queries = std::max(result.all_queries, queries);
    result.one_minute_queries = std::min(result.one_minute_queries, queries);
  }
  EXPECT_EQ(collections(page), first + 1 + cycles_an_hour) << "a poll missed a cycle: the hour is not exact";
  result.billed = page.sum("rds_exporter_cloudwatch_metrics_requested_total") - start_billed;
  // rds_sim bills what the exporter counted (its counter moves first: it counts a call before answering it).
  for (int attempt = 0; attempt < 100; ++attempt) {
    result.sim_total = sim.cloudwatch_metrics_requested();
    result.exporter_total = exporter.scrape().sum("rds_exporter_cloudwatch_metrics_requested_total");
    if (static_cast<double>(result.sim_total) == result.exporter_total) break;
    std::this_thread::sleep_for(5ms);
  }
  return result;
}

TEST(ExporterBilling, ReplayEveryFiveMinutesBillsAFifthOfFetchingEveryMinuteForTheSamePoints) {
  const HourOfBilling newest = bill_one_hour("60", "newest", 60);
  const HourOfBilling replay = bill_one_hour("300", "replay", 12);
  const double five_minute = replay.all_queries - newest.one_minute_queries;
  const double one_minute = newest.one_minute_queries;
  ASSERT_GT(one_minute, 0);
  EXPECT_EQ(five_minute, 4) << "VolumeReadIOPs and VolumeWriteIOPs of the two watched Aurora clusters";
  EXPECT_EQ(newest.all_queries, replay.all_queries);
  // Every minute: the 1-minute metrics 60 times, the 5-minute ones 12 times.
  EXPECT_EQ(newest.billed, 60 * one_minute + 12 * five_minute);
  // Every 5 minutes: everything 12 times, a fifth of the 1-minute metrics' bill.
  EXPECT_EQ(replay.billed, 12 * one_minute + 12 * five_minute);
  EXPECT_EQ(5 * (replay.billed - 12 * five_minute), newest.billed - 12 * five_minute);
  EXPECT_EQ(static_cast<double>(newest.sim_total), newest.exporter_total);
  EXPECT_EQ(static_cast<double>(replay.sim_total), replay.exporter_total);
}

}  // namespace
}  // namespace rds_exporter::testing
