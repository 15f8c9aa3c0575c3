// The whole chain a user runs: rds_sim (standing in for AWS) → rds_exporter → a real Prometheus, queried in PromQL
// over its HTTP API, where the value must be the one CloudWatch reported for that timestamp.
#include "exporter_test_support.h"
#include "prometheus_process.h"
#include "rds_sim_process.h"
#include "test_pki.h"

#include <crypt.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <thread>

namespace rds_exporter::testing {
namespace {

using std::chrono::seconds;

constexpr seconds kQueryDeadline{60};
constexpr const char* kJob = "rds_exporter";
const std::filesystem::path& kPrometheus = kPrometheusBinary;

// The README's promql block that mentions `needle`, without its alert threshold (" > 0.9", " < 0.1"): the part a
// user graphs.
std::string readme_expression(const std::string& needle) {
  std::ifstream file(README_FILE);
  const std::string readme((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (auto start = readme.find("```promql\n"); start != std::string::npos;
       start = readme.find("```promql\n", start + 1)) {
    const auto body = start + 10;
    std::string expression = readme.substr(body, readme.find("```", body) - body);
    if (expression.find(needle) == std::string::npos) continue;
    const auto threshold = expression.find_last_of("<>");
    if (threshold != std::string::npos) expression.resize(threshold);
    return expression;
  }
  return {};
}

std::map<std::string, double> by_instance(const std::vector<RawSeries>& result) {
  std::map<std::string, double> values;
  for (const auto& series : result) {
    const auto id = series.labels.find("db_instance_identifier");
    if (id != series.labels.end() && !series.samples.empty()) values[id->second] = series.samples.front().value;
  }
  return values;
}

// The alerts the README gives for the inventory, evaluated by Prometheus against the demo fleet: connection
// saturation joins each instance's rds_databaseconnections to its rds_max_connections, and storage headroom counts
// what autoscaling may still add; each value equals what the inputs Prometheus holds at that moment imply.
TEST(PrometheusEndToEnd, TheReadmesSaturationAndStorageHeadroomExpressionsEvaluateOnTheDemo) {
  if (!std::filesystem::exists(kPrometheus)) GTEST_SKIP() << kPrometheus << " is missing (scripts/install-deps.sh)";
  const std::string saturation = readme_expression("rds_max_connections");
  const std::string headroom = readme_expression("rds_max_allocated_storage_bytes");
  ASSERT_FALSE(saturation.empty());
  ASSERT_FALSE(headroom.empty());
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET);
  ExporterProcess exporter(sim.base_url());
  const MetricsPage page = exporter.wait_for("the inventory's series", [](const MetricsPage& current) {
    return current.has("rds_max_connections") && current.has("rds_max_allocated_storage_bytes");
  });
  PrometheusProcess prometheus(exporter.port());

  std::map<std::string, double> ratios;
  std::map<std::string, double> headrooms;
  std::map<std::string, double> connections, max_connections, free, allocated, limit;
  const auto deadline = std::chrono::steady_clock::now() + kQueryDeadline;
  while (std::chrono::steady_clock::now() < deadline && (ratios.empty() || headrooms.empty())) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const double time = now_seconds();
    ratios = by_instance(prometheus.query_vector(saturation, time));
    headrooms = by_instance(prometheus.query_vector(headroom, time));
    connections = by_instance(prometheus.query_vector("rds_databaseconnections", time));
    max_connections = by_instance(prometheus.query_vector("rds_max_connections", time));
    free = by_instance(prometheus.query_vector("rds_freestoragespace", time));
    allocated = by_instance(prometheus.query_vector("rds_allocated_storage_bytes", time));
    limit = by_instance(prometheus.query_vector("rds_max_allocated_storage_bytes", time));
  }
  ASSERT_FALSE(ratios.empty()) << "Prometheus never answered " << saturation << "\n" << prometheus.log();
  ASSERT_FALSE(headrooms.empty()) << "Prometheus never answered " << headroom << "\n" << prometheus.log();

  std::size_t expected_ratios = 0;
  for (const auto& [id, maximum] : max_connections) {
    if (!connections.contains(id)) continue;
    ++expected_ratios;
    ASSERT_TRUE(ratios.contains(id)) << id;
    EXPECT_DOUBLE_EQ(ratios[id], connections[id] / maximum) << id;
  }
  EXPECT_EQ(ratios.size(), expected_ratios);
  std::size_t expected_headrooms = 0;
  bool any_autoscaling = false;
  for (const auto& [id, bytes] : allocated) {
    if (!free.contains(id)) continue;
    ++expected_headrooms;
    const bool autoscaling = limit.contains(id);
    any_autoscaling = any_autoscaling || autoscaling;
    const double expected =
        autoscaling ? (free[id] + limit[id] - bytes) / limit[id] : free[id] / bytes;
    ASSERT_TRUE(headrooms.contains(id)) << id;
    EXPECT_NEAR(headrooms[id], expected, 1e-12) << id;
  }
  EXPECT_EQ(headrooms.size(), expected_headrooms);
  EXPECT_TRUE(any_autoscaling) << "the demo fleet has an instance with storage autoscaling";
  EXPECT_GT(page.find("rds_max_connections").size(), 0u);
}

TEST(PrometheusEndToEnd, PrometheusStoresTheValueCloudWatchReportedForItsTimestamp) {
  if (!std::filesystem::exists(kPrometheus)) GTEST_SKIP() << kPrometheus << " is missing (scripts/install-deps.sh)";
  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET);
  const SimFleet fleet = parse_fleet(sim.fleet());
  const std::string watched = "payments-db-prd";
  ASSERT_TRUE(expected_instances(fleet, kShippedTarget).contains(watched));
  ExporterProcess exporter(sim.base_url(), {{"exporter.export_timestamps", "true"}});
  PrometheusProcess prometheus(exporter.port());

  const std::string selector = "rds_cpuutilization{db_instance_identifier=\"" + watched + "\"}";
  std::optional<double> value;
  std::optional<double> timestamp;
  std::optional<double> up;
  const auto deadline = std::chrono::steady_clock::now() + kQueryDeadline;
  while (std::chrono::steady_clock::now() < deadline && (!value || !timestamp || up != 1.0)) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    // One evaluation time for both, so that the value and its timestamp are the same sample.
    const double time = now_seconds();
    value = prometheus.query(selector, time);
    timestamp = prometheus.query("timestamp(" + selector + ")", time);
    up = prometheus.query(std::string("up{job=\"") + kJob + "\"}", time);
  }
  ASSERT_TRUE(value && timestamp) << "Prometheus never answered " << selector << "\n" << prometheus.log();
  EXPECT_EQ(up, 1.0);
  const auto start = static_cast<std::int64_t>(std::llround(*timestamp));
  EXPECT_EQ(start % 60, 0);
  EXPECT_DOUBLE_EQ(*value, documented_value(watched, fleet.instance(watched).engine, "CPUUtilization", false, start));
}

// What a user with node_exporter's web config does: TLS with their CA and basic auth, scraped by a real
// Prometheus whose scrape config names the CA and the credentials.
TEST(PrometheusEndToEnd, PrometheusScrapesOverHttpsWithBasicAuth) {
  if (!std::filesystem::exists(kPrometheus)) GTEST_SKIP() << kPrometheus << " is missing (scripts/install-deps.sh)";
  const auto dir = make_temp_dir("rds-exporter-web");
  const http::testing::TestPki pki(dir);
  pki.issue("server", "localhost", "DNS:localhost,IP:127.0.0.1", 2);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  ASSERT_NE(crypt_gensalt_rn("$2y$", 4, nullptr, 0, setting, sizeof setting), nullptr);
  const auto data = std::make_unique<crypt_data>();
  const std::string hash = crypt_rn("s3cret", setting, data.get(), sizeof *data);
  std::ofstream(dir / "web.yml") << "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n"
                                    "basic_auth_users:\n  prometheus: " << hash << "\n";
  std::ofstream(dir / "password") << "s3cret";

  RdsSimProcess sim(RDS_SIM_BINARY, DEMO_FLEET);
  ExporterProcess exporter(sim.base_url(), {{"performance_insights.enabled", "false"}},
                           {.arguments = {"--web.config.file", (dir / "web.yml").string()},
                            .wait_for_first_collection = false});
  PrometheusProcess prometheus(exporter.port(), "    scheme: https\n    tls_config:\n      ca_file: " +
                                                    pki.ca_certificate().string() +
                                                    "\n    basic_auth:\n      username: prometheus\n"
                                                    "      password_file: " + (dir / "password").string() + "\n");
  std::optional<double> up;
  std::optional<double> cpu;
  const auto deadline = std::chrono::steady_clock::now() + kQueryDeadline;
  while (std::chrono::steady_clock::now() < deadline && (up != 1.0 || !cpu)) {
    ASSERT_TRUE(prometheus.running()) << prometheus.log();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const double time = now_seconds();
    up = prometheus.query(std::string("up{job=\"") + kJob + "\"}", time);
    cpu = prometheus.query("rds_cpuutilization{db_instance_identifier=\"payments-db-prd\"}", time);
  }
  EXPECT_EQ(up, 1.0) << prometheus.log() << exporter.log();
  EXPECT_TRUE(cpu) << "no fleet series reached Prometheus over HTTPS";
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace rds_exporter::testing
