#pragma once

#include "rds_sim_process.h"
#include "subprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::testing {

using Labels = std::map<std::string, std::string>;

// One sample line of the Prometheus text format.
struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
};

// A /metrics body, parsed.
class MetricsPage {
 public:
  // Throws std::runtime_error quoting the first line that is not the text format.
  static MetricsPage parse(std::string text);

  const std::string& text() const { return text_; }
  const std::vector<Sample>& samples() const { return samples_; }

  // The samples of `name` whose labels include all of `labels`.
  std::vector<Sample> find(std::string_view name, const Labels& labels = {}) const;
  bool has(std::string_view name, const Labels& labels = {}) const { return !find(name, labels).empty(); }
  // The HELP text of the family `name`; empty when the page has none.
  std::string help(std::string_view name) const;
  // The one sample `find` selects; throws std::runtime_error when there is none or several.
  Sample one(std::string_view name, const Labels& labels = {}) const;
  double value(std::string_view name, const Labels& labels = {}) const { return one(name, labels).value; }
  // The sum of the samples `find` selects, 0 when none.
  double sum(std::string_view name, const Labels& labels = {}) const;
  // The values `label` takes across the samples of `name`.
  std::set<std::string> label_values(std::string_view name, const std::string& label) const;
  // The RDS series: samples named rds_* except rds_instance_info and the exporter's own rds_exporter_*.
  std::vector<Sample> rds_series() const;

 private:
  std::string text_;
  std::vector<Sample> samples_;
  std::map<std::string, std::string, std::less<>> help_;
};

// The lines of an exposition body that carry RDS data (rds_* samples and their HELP/TYPE, without the
// exporter's self-metrics, which change from one scrape to the next).
std::vector<std::string> rds_lines(std::string_view text);

// How an ExporterProcess starts, beyond the defaults.
struct ExporterLaunch {
  // The folder holding default.yaml and <RUN_MODE>.yaml; empty: the shipped config/.
  std::filesystem::path config_dir;
  // More command-line arguments, e.g. --web.enable-lifecycle.
  std::vector<std::string> arguments;
  // Whether the constructor waits for the first finished collection.
  bool wait_for_first_collection = true;
  // The loopback port to listen on, e.g. one a Prometheus started first already scrapes; 0: a free one.
  int port = 0;
  // More environment variables, e.g. APP_EXPORTER_NAMING, set as a user's shell would.
  std::map<std::string, std::string> environment;
};

// rds_exporter, run as a user runs it: the shipped config directory, `--set key=value` for each of
// `settings`, the rds-exporter principal's keys in the environment, a fresh HOME and instance metadata off,
// listening on a free loopback port, against rds_sim at `endpoint_url`.
class ExporterProcess {
 public:
  static constexpr std::chrono::seconds kFirstCollectionDeadline{30};

  // Returns once /metrics shows the first finished collection (and Performance Insights cycle, which runs on a
  // loop of its own, unless performance_insights.enabled is false); throws std::runtime_error (with the
  // exporter's log) if it exits or does not get there within kFirstCollectionDeadline.
  ExporterProcess(const std::string& endpoint_url, const std::map<std::string, std::string>& settings = {},
                  const ExporterLaunch& launch = {});
  // SIGTERM, then waits for the exit.
  ~ExporterProcess();
  ExporterProcess(const ExporterProcess&) = delete;
  ExporterProcess& operator=(const ExporterProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // GET /metrics without compression.
  MetricsPage scrape() const;
  // GET /metrics with Accept-Encoding: gzip; throws unless the answer is gzip. Answers the decompressed body, or
  // gunzip's marker text when the body is not one complete gzip stream.
  std::string scrape_gzip() const;
  // The HTTP status of GET /health.
  int health_status() const;
  // The HTTP status of GET (or POST) `path`; 0 when the connection failed.
  int status_of(const std::string& path, const std::string& method = "GET") const;
  // GETs `path` every 10 ms until it answers `status` or `deadline` passes; answers the last status seen (0: no
  // connection). For an exporter started without waiting for its first collection: until it listens, or is ready.
  int wait_for_status(const std::string& path, int status, std::chrono::milliseconds deadline) const;
  void send_signal(int signal) { process_.send_signal(signal); }
  // Waits for the exit (at most `deadline`) and answers its code.
  int wait_for_exit(std::chrono::milliseconds deadline);

  // Scrapes until `condition` holds and answers that page; throws std::runtime_error naming `what` (with the
  // last page's self-metrics and the log) when `deadline` passes first.
  MetricsPage wait_for(const std::string& what, const std::function<bool(const MetricsPage&)>& condition,
                       std::chrono::seconds deadline = std::chrono::seconds(20)) const;

  bool running() { return process_.running(); }
  std::string log() const { return process_.err_so_far(); }

 private:
  std::filesystem::path home_;
  int port_ = 0;
  Subprocess process_;
};

// The sum of rds_exporter_collections_total over its results.
double collections(const MetricsPage& page);

// The fleet as GET /_sim/fleet reports it.
struct FleetInstance {
  std::string id;
  std::string engine;
  std::string status;
  // Empty outside a cluster.
  std::string cluster;
  bool cluster_writer = false;
  // Empty unless a read replica.
  std::string replica_of;
  std::string dbi_resource_id;
  bool performance_insights = false;
  std::map<std::string, std::string> tags;
};

struct FleetCluster {
  std::string id;
  std::string engine;
  std::vector<std::string> members;
  std::map<std::string, std::string> tags;
};

struct SimFleet {
  std::string account_id;
  std::string region;
  std::vector<FleetInstance> instances;
  std::vector<FleetCluster> clusters;

  const FleetInstance& instance(std::string_view id) const;
  const FleetCluster* cluster(std::string_view id) const;
};

// RdsSimProcess::fleet()'s answer, as a SimFleet.
SimFleet parse_fleet(const nlohmann::json& fleet);

// POST /_sim/fleet/instances: adds `instance`, an instances: entry of a fleet file as JSON (sim/README.md).
void add_instance(const RdsSimProcess& sim, const nlohmann::json& instance);

// A target tag condition: `key` with one of `values`, or with any value when `values` is empty.
struct TagCondition {
  std::string key;
  std::vector<std::string> values;
};
using TagConditions = std::vector<TagCondition>;

// What the shipped configuration watches (target.tag_key env, target.tag_value prd).
inline const TagConditions kShippedTarget{{"env", {"prd"}}};

// The labels that select the series of one DB instance.
inline Labels instance_labels(const std::string& id) { return {{"db_instance_identifier", id}}; }

// Neptune and DocumentDB instances are listed by DescribeDBInstances but are not RDS databases.
bool is_rds_engine(std::string_view engine);
bool is_aurora_engine(std::string_view engine);

// What the exporter should watch, computed from the fleet alone: RDS-engine instances whose own tags meet every
// condition, or whose cluster's tags do (members inherit them); Aurora clusters that match or have a watched
// member.
std::set<std::string> expected_instances(const SimFleet& fleet, const TagConditions& conditions);
std::set<std::string> expected_clusters(const SimFleet& fleet, const TagConditions& conditions);

// The value rds_sim documents (sim/cloudwatch/metric_values.h) for `metric` of the instance or Aurora cluster
// `source_id` of `engine`, for the one-minute datapoint starting at `start_seconds`: with period 60 every
// statistic of a one-minute metric is its single sample.
double documented_value(std::string_view source_id, std::string_view engine, std::string_view metric,
                        bool cluster_scope, std::int64_t start_seconds);

// A test suite sharing one rds_sim, which `Suite::start_sim()` starts, and the fleet it serves. When that fails,
// every test of the suite fails with the reason instead of running.
template <typename Suite>
class SharedSimTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      std::unique_ptr<RdsSimProcess> sim = Suite::start_sim();
      fleet_ = parse_fleet(sim->fleet());
      sim_ = std::move(sim);
    } catch (const std::exception& error) {
      setup_error_ = error.what();
    }
  }
  static void TearDownTestSuite() { sim_.reset(); }
  void SetUp() override {
    if (!sim_) FAIL() << setup_error_;
  }

  inline static std::unique_ptr<RdsSimProcess> sim_;
  inline static SimFleet fleet_;
  inline static std::string setup_error_;
};

// A test suite sharing one rds_sim (Suite::start_sim()) and one rds_exporter against it, started with
// Suite::exporter_settings(), and the page Suite::first_page(exporter) answers (the first scrape unless the suite
// says otherwise), for tests that only read /metrics and rds_sim's counters. When any of it fails, every test of
// the suite fails with the reason.
template <typename Suite>
class SharedExporterTest : public SharedSimTest<Suite> {
 protected:
  using Base = SharedSimTest<Suite>;

  static void SetUpTestSuite() {
    Base::SetUpTestSuite();
    if (!Base::sim_) return;
    try {
      exporter_ = std::make_unique<ExporterProcess>(Base::sim_->base_url(), Suite::exporter_settings());
      page_ = std::make_unique<MetricsPage>(Suite::first_page(*exporter_));
    } catch (const std::exception& error) {
      Base::setup_error_ = error.what();
    }
  }
  static void TearDownTestSuite() {
    page_.reset();
    exporter_.reset();
    Base::TearDownTestSuite();
  }
  void SetUp() override {
    if (!page_) FAIL() << Base::setup_error_;
  }
  static MetricsPage first_page(const ExporterProcess& exporter) { return exporter.scrape(); }

  inline static std::unique_ptr<ExporterProcess> exporter_;
  inline static std::unique_ptr<MetricsPage> page_;
};

// The rds-exporter principal of every rds_sim fleet.
inline constexpr const char* kExporterAccessKeyId = "AKIARDSSIMEXPORTER01";
inline constexpr const char* kExporterSecretAccessKey = "rdssimExporterSecretKey0000000000000001";

}  // namespace rds_exporter::testing
