// Enhanced Monitoring end to end: rds_exporter against rds_sim's Enhanced Monitoring fleet (tests/integration/
// fleets/enhanced_monitoring.yaml: MySQL, PostgreSQL, Aurora MySQL and SQL Server documents, an instance without
// Enhanced Monitoring, and 96 more, so that exactly 100 streams share one FilterLogEvents batch), with the shipped
// configuration. Every value shown is the one in rds_sim's document of the sample's timestamp (read back through
// rds_sim's admin API); FilterLogEvents is counted by rds_sim; and percona/rds_exporter PR #123's incident is
// replayed: a stream deleted at runtime while 99 others live in its batch, and a stream that stops receiving events.
#include "exporter_test_support.h"
#include "rds_sim_process.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <memory>
#include <set>
#include <thread>

namespace rds_exporter::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kStreams = 100;

std::string resource_id_of(const MetricsPage& page, const std::string& id) {
  return page.one("rds_instance_info", {{"db_instance_identifier", id}}).labels.at("dbi_resource_id");
}

// rds_sim's document of `stream` at `timestamp_ms`, as FilterLogEvents returns it.
json document_at(const RdsSimProcess& sim, const std::string& stream, std::int64_t timestamp_ms) {
  const json events = sim.log_events(stream, timestamp_ms, timestamp_ms + 1);
  if (!events.is_array() || events.size() != 1) {
    throw std::runtime_error("rds_sim has no event of " + stream + " at " + std::to_string(timestamp_ms) + ": " +
                             events.dump());
  }
  return json::parse(events[0]["message"].get<std::string>());
}

// The one sample of an instance's OS metric, with its timestamp.
Sample os_sample(const MetricsPage& page, const std::string& name, const std::string& id, Labels more = {}) {
  more["db_instance_identifier"] = id;
  return page.one(name, more);
}

class ExporterEnhancedMonitoringTest : public SharedExporterTest<ExporterEnhancedMonitoringTest> {
 public:
  static std::unique_ptr<RdsSimProcess> start_sim() {
    return std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, ENHANCED_MONITORING_FLEET);
  }
  static std::map<std::string, std::string> exporter_settings() {
    return {{"exporter.collection_interval", "3600"},
            {"enhanced_monitoring.collection_interval", "2"},
            {"exporter.export_timestamps", "true"},
            {"performance_insights.enabled", "false"},
            {"inventory.enabled", "false"}};
  }
  static MetricsPage first_page(const ExporterProcess& exporter) {
    return exporter.wait_for("every instance's OS metrics", [](const MetricsPage& page) {
      return page.label_values("rds_os_memory_total_bytes", "db_instance_identifier").size() ==
             static_cast<std::size_t>(kStreams);
    });
  }

 protected:
  // Every named sample of `id` on the page against rds_sim's document at that sample's timestamp: `field` maps
  // the document to the value the sample must have.
  struct Check {
    std::string metric;
    Labels labels;
    std::function<double(const json&)> field;
  };
  static void expect_document_values(const std::string& id, const std::vector<Check>& checks) {
    const std::string stream = resource_id_of(*page_, id);
    for (const Check& check : checks) {
      SCOPED_TRACE(id + " " + check.metric);
      const Sample sample = os_sample(*page_, check.metric, id, check.labels);
      ASSERT_TRUE(sample.timestamp_ms) << "timestamps are on";
      const json document = document_at(*sim_, stream, *sample.timestamp_ms);
      EXPECT_DOUBLE_EQ(sample.value, check.field(document)) << document.dump();
    }
  }
};

double kb(const json& value) { return value.get<double>() * 1024; }
double percent(const json& value) { return value.get<double>() / 100; }
const json& entry(const json& list, const std::string& key, const std::string& name) {
  for (const auto& item : list) {
    if (item.value(key, "") == name) return item;
  }
  throw std::runtime_error("no entry " + key + "=" + name + " in " + list.dump());
}
const json& entry_without(const json& list, const std::string& key) {
  for (const auto& item : list) {
    if (!item.contains(key)) return item;
  }
  throw std::runtime_error("no entry without " + key + " in " + list.dump());
}

TEST_F(ExporterEnhancedMonitoringTest, LinuxDocumentsOfMySqlAndPostgresAreShownInBaseUnits) {
  for (const std::string id : {"em-mysql", "em-postgres"}) {
    expect_document_values(
        id, {{"rds_os_cpu_ratio", {{"mode", "user"}}, [](const json& d) { return percent(d["cpuUtilization"]["user"]); }},
             {"rds_os_cpu_ratio", {{"mode", "steal"}}, [](const json& d) { return percent(d["cpuUtilization"]["steal"]); }},
             {"rds_os_cpu_utilization_ratio", {}, [](const json& d) { return percent(d["cpuUtilization"]["total"]); }},
             {"rds_os_load1", {}, [](const json& d) { return d["loadAverageMinute"]["one"].get<double>(); }},
             {"rds_os_memory_total_bytes", {}, [](const json& d) { return kb(d["memory"]["total"]); }},
             {"rds_os_memory_free_bytes", {}, [](const json& d) { return kb(d["memory"]["free"]); }},
             {"rds_os_swap_free_bytes", {}, [](const json& d) { return kb(d["swap"]["free"]); }},
             {"rds_os_tasks_running", {}, [](const json& d) { return d["tasks"]["running"].get<double>(); }},
             {"rds_os_vcpus", {}, [](const json& d) { return d["numVCPUs"].get<double>(); }},
             {"rds_os_network_receive_bytes_per_second",
              {{"interface", "eth0"}},
              [](const json& d) { return entry(d["network"], "interface", "eth0")["rx"].get<double>(); }},
             {"rds_os_disk_await_seconds",
              {{"device", "rdsdev"}},
              [](const json& d) { return entry(d["diskIO"], "device", "rdsdev")["await"].get<double>() / 1000; }},
             {"rds_os_disk_utilization_ratio",
              {{"device", "rdsdev"}},
              [](const json& d) { return percent(entry(d["diskIO"], "device", "rdsdev")["util"]); }},
             {"rds_os_filesystem_used_bytes",
              {{"mountpoint", "/rdsdbdata"}},
              [](const json& d) { return kb(entry(d["fileSys"], "mountPoint", "/rdsdbdata")["used"]); }}});
  }
  // Processes are off by default (their cardinality).
  EXPECT_FALSE(page_->has("rds_os_process_cpu_ratio"));
}

TEST_F(ExporterEnhancedMonitoringTest, AurorasStorageEntryHasItsOwnFamilyAndItsTempDeviceTheClassicOnes) {
  expect_document_values(
      "em-aurora-mysql",
      {{"rds_os_aurora_storage_read_latency_seconds", {},
        [](const json& d) { return entry_without(d["diskIO"], "device")["readLatency"].get<double>() / 1000; }},
       {"rds_os_aurora_storage_write_bytes_per_second", {},
        [](const json& d) { return entry_without(d["diskIO"], "device")["writeThroughput"].get<double>(); }},
       {"rds_os_aurora_storage_queue_depth", {},
        [](const json& d) { return entry_without(d["diskIO"], "device")["diskQueueDepth"].get<double>(); }},
       {"rds_os_disk_reads_per_second",
        {{"device", "rdstemp"}},
        [](const json& d) { return entry(d["diskIO"], "device", "rdstemp")["readIOsPS"].get<double>(); }},
       {"rds_os_memory_total_bytes", {}, [](const json& d) { return kb(d["memory"]["total"]); }}});
  EXPECT_FALSE(page_->has("rds_os_physical_disk_reads_per_second", {{"db_instance_identifier", "em-aurora-mysql"}}));
}

TEST_F(ExporterEnhancedMonitoringTest, SqlServersWindowsDocumentIsShownUnderTheSameNamesWhereTheQuantityIsTheSame) {
  expect_document_values(
      "em-sqlserver",
      {{"rds_os_cpu_ratio", {{"mode", "system"}}, [](const json& d) { return percent(d["cpuUtilization"]["kern"]); }},
       {"rds_os_cpu_ratio", {{"mode", "idle"}}, [](const json& d) { return percent(d["cpuUtilization"]["idle"]); }},
       {"rds_os_memory_total_bytes", {}, [](const json& d) { return kb(d["memory"]["physTotKb"]); }},
       {"rds_os_memory_available_bytes", {}, [](const json& d) { return kb(d["memory"]["physAvailKb"]); }},
       {"rds_os_memory_sql_server_bytes", {}, [](const json& d) { return kb(d["memory"]["sqlServerTotKb"]); }},
       {"rds_os_threads", {}, [](const json& d) { return d["system"]["threads"].get<double>(); }},
       {"rds_os_network_transmit_bytes_per_second",
        {{"interface", "Amazon Elastic Network Adapter"}},
        [](const json& d) { return entry(d["network"], "interface", "Amazon Elastic Network Adapter")["wrBytesPS"].get<double>(); }}});
}

TEST_F(ExporterEnhancedMonitoringTest, InstancesWithoutEnhancedMonitoringAreNeverAskedFor) {
  EXPECT_TRUE(page_->find("rds_os_memory_total_bytes", {{"db_instance_identifier", "em-off"}}).empty());
  EXPECT_TRUE(page_->has("rds_cpuutilization", {{"db_instance_identifier", "em-off"}})) << "but it is watched";
  // Asking for a stream that does not exist would have failed a call with ResourceNotFoundException.
  const MetricsPage now = exporter_->scrape();
  EXPECT_EQ(now.value("rds_exporter_enhanced_monitoring_missing_streams_total"), 0);
  EXPECT_EQ(now.value("rds_exporter_enhanced_monitoring_streams", {{"state", "reading"}}), kStreams);
  EXPECT_EQ(sim_->request_count("logs", "FilterLogEvents", "ResourceNotFoundException"), 0);
}

TEST_F(ExporterEnhancedMonitoringTest, OneFilterLogEventsCallPerCycleForAHundredStreams) {
  // Several cycles in steady state: every call the exporter made is one rds_sim answered, one per cycle.
  const double before = exporter_->scrape().value("rds_exporter_enhanced_monitoring_filter_log_events_calls_total");
  std::this_thread::sleep_for(7s);
  const MetricsPage after = exporter_->scrape();
  const double calls = after.value("rds_exporter_enhanced_monitoring_filter_log_events_calls_total") - before;
  EXPECT_GE(calls, 2);
  EXPECT_LE(calls, 5) << "a cycle every 2 s: one call each";
  EXPECT_EQ(after.value("rds_exporter_enhanced_monitoring_last_cycle_filter_log_events_calls"), 1);
  // The cycle's counter is recorded once its readings are merged, so a call rds_sim has just answered may not be
  // counted yet: the two agree once the cycle in flight is merged (a cycle is 2 s).
  MetricsPage settled = after;
  double answered = sim_->request_count("logs", "FilterLogEvents", "200");
  for (int attempt = 0; attempt < 30; ++attempt) {
    if (settled.value("rds_exporter_enhanced_monitoring_filter_log_events_calls_total") == answered &&
        settled.value("rds_exporter_aws_requests_total", {{"operation", "FilterLogEvents"}}) == answered) {
      break;
    }
    std::this_thread::sleep_for(100ms);
    settled = exporter_->scrape();
    answered = sim_->request_count("logs", "FilterLogEvents", "200");
  }
  EXPECT_EQ(settled.value("rds_exporter_enhanced_monitoring_filter_log_events_calls_total"), answered);
  EXPECT_EQ(settled.value("rds_exporter_aws_requests_total", {{"operation", "FilterLogEvents"}}), answered);
}

// percona/rds_exporter PR #123: a stream missing from a 100-stream batch made every call fail, and the last sample
// of every instance was shown forever. Here, on rds_sim's clock running 5 times faster (stale_after's 60 seconds
// pass in 12): the 99 keep fresh values every cycle, the missing stream's series vanish after stale_after with a
// counter saying why, and a stream that stops receiving events vanishes too, never showing an older value.
TEST(ExporterEnhancedMonitoringIncident, AMissingStreamNeverHidesItsBatchAndStaleSeriesVanish) {
  constexpr int kScale = 5;
  // What the exporter's own work adds to an age, in data time: waking, merging and rendering the page take up to a
  // second of real time on a loaded machine (sanitizers, tests in parallel), which the 5-times clock makes 5 s.
  constexpr double kWorkMs = 1000.0 * kScale;
  RdsSimProcess sim(RDS_SIM_BINARY, ENHANCED_MONITORING_FLEET, {"--time-scale", std::to_string(kScale)});
  const RdsSimProcess::Clock clock = sim.clock();
  ExporterProcess exporter(
      sim.base_url(),
      {{"exporter.collection_interval", "3600"},
       {"enhanced_monitoring.collection_interval", "10"},
       {"exporter.stale_after", "60"},
       {"aws.rate_limit.logs", "0"},
       {"exporter.export_timestamps", "true"},
       {"performance_insights.enabled", "false"},
       {"inventory.enabled", "false"}},
      {.arguments = {"--testing.time-scale", std::to_string(kScale), "--testing.time-origin",
                     fmt::format("{:.6f}", clock.start)}});
  const MetricsPage first = exporter.wait_for("every instance's OS metrics", [](const MetricsPage& page) {
    return page.label_values("rds_os_memory_total_bytes", "db_instance_identifier").size() == kStreams;
  });
  const std::string deleted = "em-batch-42";
  const std::string paused = "em-batch-07";
  sim.admin("POST", "/_sim/logs/streams/" + resource_id_of(first, deleted) + "/delete");
  sim.admin("POST", "/_sim/logs/streams/" + resource_id_of(first, paused) + "/pause");
  const double paused_at_ms = sim.clock().now * 1000;

  // Until both have vanished (stale_after past their last sample, a few cycles), every scrape: the other 98 are
  // never older than two cycles and a sample interval, and nothing is ever older than stale_after (each plus the
  // exporter's own work).
  std::map<std::string, std::int64_t> newest;
  bool vanished = false;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    const MetricsPage page = exporter.scrape();
    const double now_ms = sim.clock().now * 1000;
    for (const Sample& sample : page.find("rds_os_memory_total_bytes")) {
      const std::string& id = sample.labels.at("db_instance_identifier");
      ASSERT_TRUE(sample.timestamp_ms);
      EXPECT_LE(now_ms - static_cast<double>(*sample.timestamp_ms), 60'000 + kWorkMs)
          << id << " served older than stale_after";
      if (id != deleted && id != paused) {
        EXPECT_LE(now_ms - static_cast<double>(*sample.timestamp_ms), 2 * 10'000 + 10'000 + kWorkMs)
            << id << " is not fresh";
      }
      newest[id] = std::max(newest[id], *sample.timestamp_ms);
    }
    vanished = !page.has("rds_os_memory_total_bytes", {{"db_instance_identifier", deleted}}) &&
               !page.has("rds_os_memory_total_bytes", {{"db_instance_identifier", paused}});
    if (vanished && sim.clock().now * 1000 > paused_at_ms + 90'000) break;
    std::this_thread::sleep_for(500ms);
  }
  ASSERT_TRUE(vanished) << "the missing and the stale stream's series are still shown\n" << exporter.log();
  const MetricsPage last = exporter.scrape();
  EXPECT_EQ(last.label_values("rds_os_memory_total_bytes", "db_instance_identifier").size(), kStreams - 2u);
  EXPECT_EQ(last.value("rds_exporter_enhanced_monitoring_missing_streams_total"), 1);
  EXPECT_EQ(last.value("rds_exporter_enhanced_monitoring_streams", {{"state", "missing"}}), 1);
  EXPECT_EQ(last.value("rds_exporter_enhanced_monitoring_streams", {{"state", "stale"}}), 1);
  EXPECT_EQ(last.value("rds_exporter_enhanced_monitoring_streams", {{"state", "reading"}}), kStreams - 2);
  EXPECT_THAT(exporter.log(), ::testing::HasSubstr("no stream"));
  // The 98 kept moving past the moment the stream was deleted.
  for (const auto& [id, timestamp] : newest) {
    if (id == deleted || id == paused) continue;
    EXPECT_GT(static_cast<double>(timestamp), paused_at_ms + 30'000) << id;
  }
  EXPECT_LT(static_cast<double>(newest[paused]), paused_at_ms + 1) << "no sample after the pause";
}

}  // namespace
}  // namespace rds_exporter::testing
