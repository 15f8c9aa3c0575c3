// rds_exporter's lifecycle as Kubernetes and an operator meet it, against rds_sim: readiness after the first
// collection, a configuration reloaded by SIGHUP or POST /-/reload (an invalid one ignored), and the grace
// period after SIGTERM during which /-/ready turns 503 while /metrics is still served.
#include "exporter_test_support.h"
#include "rds_sim_process.h"
#include "subprocess.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

namespace rds_exporter::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::seconds;

// A config folder of the test's own: the shipped one, plus a development.yaml (RUN_MODE's default) the test
// rewrites between reloads.
class ConfigFolder {
 public:
  ConfigFolder() : dir_(make_temp_dir("rds-exporter-config")) {
    std::filesystem::copy_file(std::filesystem::path(RDS_EXPORTER_CONFIG_DIR) / "default.yaml", dir_ / "default.yaml");
    write("");
  }
  ~ConfigFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  void write(const std::string& development_yaml) const {
    std::ofstream(dir_ / "development.yaml", std::ios::trunc) << development_yaml;
  }
  const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

double gauge(const MetricsPage& page, const std::string& name) { return page.has(name) ? page.value(name) : -1; }

double reloads(const MetricsPage& page, const std::string& result) {
  return page.value("rds_exporter_config_reloads_total", {{"result", result}});
}

bool has_label(const MetricsPage& page, const std::string& label) {
  for (const Sample& sample : page.rds_series()) {
    if (sample.labels.count(label) > 0) return true;
  }
  return false;
}

class ExporterLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { sim_ = std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, DEMO_FLEET); }

  std::unique_ptr<RdsSimProcess> sim_;
};

TEST_F(ExporterLifecycleTest, ReadyOnlyOnceTheFirstCollectionIsServedWhileLiveAllAlong) {
  // Every DescribeDBInstances throttled: no inventory, so no collection.
  sim_->set_faults(nlohmann::json::parse(R"({"rules": [{"service": "rds", "throttle": 1}]})"));
  // Short intervals: the discovery after the faults clear comes within seconds.
  ExporterProcess exporter(sim_->base_url(),
                           {{"performance_insights.enabled", "false"},
                            {"target.discovery_interval", "2"},
                            {"exporter.collection_interval", "2"}},
                           {.wait_for_first_collection = false});
  exporter.wait_for_status("/-/healthy", 200, std::chrono::seconds(5));
  exporter.wait_for("a failed discovery", [](const MetricsPage& page) {
    return page.has("rds_exporter_discoveries_total", {{"result", "failure"}}) &&
           page.value("rds_exporter_discoveries_total", {{"result", "failure"}}) >= 1;
  });
  EXPECT_EQ(exporter.status_of("/-/healthy"), 200);
  EXPECT_EQ(exporter.status_of("/-/ready"), 503);

  sim_->clear_faults();
  exporter.wait_for("the first collection", [](const MetricsPage& page) { return collections(page) >= 1; },
                    seconds(30));
  // The page that includes it is rendered a moment after the cycle is counted.
  EXPECT_EQ(exporter.wait_for_status("/-/ready", 200, seconds(5)), 200);
  EXPECT_EQ(exporter.status_of("/-/healthy"), 200);
}

TEST_F(ExporterLifecycleTest, SighupAppliesANewConfigurationAndIgnoresAnInvalidOne) {
  const ConfigFolder config;
  ExporterProcess exporter(sim_->base_url(), {{"performance_insights.enabled", "false"}},
                           {.config_dir = config.path()});
  MetricsPage page = exporter.scrape();
  ASSERT_FALSE(has_label(page, "tag_team"));
  EXPECT_EQ(gauge(page, "rds_exporter_config_last_reload_successful"), 1);
  EXPECT_EQ(reloads(page, "success"), 0);

  config.write("exporter:\n  tag_labels: [team]\n");
  exporter.send_signal(SIGHUP);
  page = exporter.wait_for("the team label after SIGHUP", [](const MetricsPage& page) {
    return has_label(page, "tag_team") && collections(page) >= 1;
  });
  EXPECT_EQ(reloads(page, "success"), 1);
  EXPECT_EQ(gauge(page, "rds_exporter_config_last_reload_successful"), 1);
  const double reloaded_at = gauge(page, "rds_exporter_config_last_reload_success_timestamp_seconds");

  config.write("exporter:\n  tag_labels: [team\n  port: [\n");
  exporter.send_signal(SIGHUP);
  page = exporter.wait_for("the failed reload", [](const MetricsPage& page) {
    return page.value("rds_exporter_config_reloads_total", {{"result", "failure"}}) == 1;
  });
  EXPECT_TRUE(exporter.running()) << "an invalid configuration must not end the exporter";
  EXPECT_EQ(gauge(page, "rds_exporter_config_last_reload_successful"), 0);
  EXPECT_EQ(gauge(page, "rds_exporter_config_last_reload_success_timestamp_seconds"), reloaded_at);
  EXPECT_TRUE(has_label(page, "tag_team")) << "the running configuration stays";
  EXPECT_THAT(exporter.log(), HasSubstr("configuration reload failed, keeping the running configuration"));
  EXPECT_THAT(exporter.log(), HasSubstr("development.yaml"));
}

TEST_F(ExporterLifecycleTest, ALogLevelChangeKeepsCollectionRunning) {
  const ConfigFolder config;
  ExporterProcess exporter(sim_->base_url(), {{"performance_insights.enabled", "false"}},
                           {.config_dir = config.path()});
  const double before = collections(exporter.scrape());
  config.write("log:\n  level: debug\n");
  exporter.send_signal(SIGHUP);
  const MetricsPage page = exporter.wait_for("the reload", [](const MetricsPage& page) {
    return page.value("rds_exporter_config_reloads_total", {{"result", "success"}}) == 1;
  });
  EXPECT_GE(collections(page), before) << "collection was restarted, its counters from 0";
  EXPECT_THAT(exporter.log(), HasSubstr("configuration reloaded: nothing that collection uses changed"));
}

TEST_F(ExporterLifecycleTest, AChangedListenPortSaysItNeedsARestart) {
  const ConfigFolder config;
  ExporterProcess exporter(sim_->base_url(), {{"performance_insights.enabled", "false"}},
                           {.config_dir = config.path(), .arguments = {"--web.enable-lifecycle"}});
  // The harness pins host and port with --set, which wins over the files; max_connections is as much the
  // listener's and is free to change in the file.
  config.write("exporter:\n  max_connections: 10\n");
  EXPECT_EQ(exporter.status_of("/-/reload", "POST"), 200);
  EXPECT_THAT(exporter.log(),
              HasSubstr("exporter.max_connections changed from 1024 to 10: it takes effect at the next restart"));
  EXPECT_EQ(exporter.status_of("/-/healthy"), 200) << "still served where it was";
}

TEST_F(ExporterLifecycleTest, ReloadOverHttpNeedsTheLifecycleFlag) {
  ExporterProcess without(sim_->base_url(), {{"performance_insights.enabled", "false"}});
  EXPECT_EQ(without.status_of("/-/reload", "POST"), 403);
  ExporterProcess with(sim_->base_url(), {{"performance_insights.enabled", "false"}},
                       {.arguments = {"--web.enable-lifecycle"}});
  EXPECT_EQ(with.status_of("/-/reload", "POST"), 200);
  EXPECT_EQ(with.scrape().value("rds_exporter_config_reloads_total", {{"result", "success"}}), 1);
}

TEST_F(ExporterLifecycleTest, DuringTheShutdownGraceReadinessIs503WhileMetricsAreServed) {
  ExporterProcess exporter(sim_->base_url(),
                           {{"performance_insights.enabled", "false"}, {"exporter.shutdown_grace", "3"}});
  ASSERT_EQ(exporter.status_of("/-/ready"), 200);
  exporter.send_signal(SIGTERM);
  // The signal is handled on the exporter's main thread: readiness turns within moments.
  int ready = 200;
  for (int attempt = 0; attempt < 100 && ready == 200; ++attempt) {
    ready = exporter.status_of("/-/ready");
    if (ready == 200) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(ready, 503);
  EXPECT_EQ(exporter.status_of("/metrics"), 200);
  EXPECT_EQ(exporter.status_of("/-/healthy"), 200);
  EXPECT_EQ(exporter.wait_for_exit(seconds(10)), 0);
}

// Every AWS call hangs for a minute (CloudWatch and Performance Insights mid-cycle): SIGTERM still ends the
// process at once, because a stop request reaches every wait and every transfer. The bound is generous; the
// measured figure is in BENCHMARKS.md.
TEST_F(ExporterLifecycleTest, SigtermDuringACycleWhoseCallsHangExitsAtOnce) {
  sim_->set_faults(nlohmann::json::parse(
      R"({"rules": [{"service": "monitoring", "latency_ms": 60000}, {"service": "pi", "latency_ms": 60000}]})"));
  ExporterProcess exporter(sim_->base_url(), {}, {.wait_for_first_collection = false});
  exporter.wait_for_status("/-/healthy", 200, seconds(10));
  // Discovery has answered: the cycle's GetMetricData and Performance Insights calls are now in flight.
  exporter.wait_for("a discovery", [](const MetricsPage& page) { return page.has("rds_exporter_instances_discovered"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto signalled = std::chrono::steady_clock::now();
  exporter.send_signal(SIGTERM);
  EXPECT_EQ(exporter.wait_for_exit(seconds(10)), 0);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - signalled);
  EXPECT_LT(took, seconds(10));
  std::printf("SIGTERM to exit with AWS calls hanging: %lld ms\n", static_cast<long long>(took.count()));
}

// Performance Insights stalls (every call hangs for a minute): CloudWatch's cycles still run on their schedule.
TEST_F(ExporterLifecycleTest, APerformanceInsightsStallDoesNotDelayCloudWatchCycles) {
  sim_->set_faults(nlohmann::json::parse(R"({"rules": [{"service": "pi", "latency_ms": 60000}]})"));
  ExporterProcess exporter(sim_->base_url(), {{"exporter.collection_interval", "1"}},
                           {.wait_for_first_collection = false});
  exporter.wait_for_status("/-/healthy", 200, seconds(10));
  const auto first = exporter.wait_for("a first collection", [](const MetricsPage& page) { return collections(page) >= 1; });
  const auto started = std::chrono::steady_clock::now();
  const MetricsPage later = exporter.wait_for(
      "four more CloudWatch cycles", [&](const MetricsPage& page) { return collections(page) >= collections(first) + 4; });
  // Four one-second cycles in well under the minute a Performance Insights call takes.
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(20));
  EXPECT_EQ(later.sum("rds_exporter_pi_calls_total"), 0) << "no Performance Insights call may have answered yet";
  EXPECT_TRUE(later.has("rds_cpuutilization"));
}

}  // namespace
}  // namespace rds_exporter::testing
