#include "exporter_test_support.h"

#include "../exposition/gunzip.h"

#include "sim/cloudwatch/metric_catalog.h"
#include "sim/cloudwatch/metric_values.h"

#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <thread>

namespace rds_exporter::testing {
namespace {

constexpr std::chrono::seconds kShutdownDeadline{10};
constexpr std::chrono::milliseconds kPollInterval{100};

class LineParser {
 public:
  explicit LineParser(std::string_view line) : line_(line) {}

  Sample sample() {
    Sample result;
    result.name =
        take_while([](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':'; });
    if (result.name.empty()) fail("no metric name");
    if (peek() == '{') result.labels = labels();
    expect(' ');
    const std::string value = take_while([](char c) { return c != ' '; });
    result.value = number(value);
    if (peek() == ' ') {
      ++position_;
      const std::string timestamp = take_while([](char c) { return c != ' '; });
      char* end = nullptr;
      result.timestamp_ms = std::strtoll(timestamp.c_str(), &end, 10);
      if (timestamp.empty() || end != timestamp.c_str() + timestamp.size()) {
        fail("timestamp " + timestamp + " is not an integer");
      }
    }
    if (position_ != line_.size()) fail("unexpected text after the sample");
    return result;
  }

 private:
  Labels labels() {
    Labels result;
    expect('{');
    while (peek() != '}') {
      const std::string name =
          take_while([](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
      if (name.empty()) fail("no label name");
      expect('=');
      expect('"');
      std::string value;
      for (char c = next(); c != '"'; c = next()) {
        if (c != '\\') {
          value += c;
          continue;
        }
        const char escaped = next();
        if (escaped == 'n') {
          value += '\n';
        } else if (escaped == '\\' || escaped == '"') {
          value += escaped;
        } else {
          fail("unknown escape in label " + name);
        }
      }
      if (!result.emplace(name, value).second) fail("label " + name + " repeated");
      if (peek() == ',') ++position_;
    }
    expect('}');
    return result;
  }

  double number(const std::string& text) {
    if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "+Inf") return std::numeric_limits<double>::infinity();
    if (text == "-Inf") return -std::numeric_limits<double>::infinity();
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) fail("value " + text + " is not a number");
    return value;
  }

  template <typename Predicate>
  std::string take_while(Predicate predicate) {
    const std::size_t start = position_;
    while (position_ < line_.size() && predicate(line_[position_])) ++position_;
    return std::string(line_.substr(start, position_ - start));
  }

  char peek() const { return position_ < line_.size() ? line_[position_] : '\0'; }
  char next() {
    if (position_ >= line_.size()) fail("line ends too early");
    return line_[position_++];
  }
  void expect(char c) {
    if (next() != c) fail(std::string("expected '") + c + "'");
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("not the Prometheus text format (" + what + " at column " + std::to_string(position_) +
                             "): " + std::string(line_));
  }

  std::string_view line_;
  std::size_t position_ = 0;
};

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool is_rds_series_name(std::string_view name) {
  return name.starts_with("rds_") && !name.starts_with("rds_exporter_") && name != "rds_instance_info" &&
         name != "rds_cluster_info";
}

// "# HELP rds_x ..." and "# TYPE rds_x ..." name their family in the third word.
std::string_view family_of_comment(std::string_view line) {
  line.remove_prefix(std::min(line.size(), std::string_view("# HELP ").size()));
  return line.substr(0, line.find(' '));
}

httplib::Client local_client(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(std::chrono::seconds(10));
  client.set_decompress(false);
  return client;
}

httplib::Result checked(httplib::Result result, const std::string& request) {
  if (!result) throw std::runtime_error(request + ": no answer (" + httplib::to_string(result.error()) + ")");
  if (result->status / 100 != 2) {
    throw std::runtime_error(request + ": HTTP " + std::to_string(result->status) + ": " + result->body);
  }
  return result;
}

std::string self_metrics_excerpt(const MetricsPage& page) {
  std::string excerpt;
  for (const std::string_view line : lines_of(page.text())) {
    if (line.starts_with("rds_exporter_") && !line.starts_with("rds_exporter_aws_request_duration")) {
      excerpt.append(line).append("\n");
    }
  }
  return excerpt;
}

std::map<std::string, std::string> tags_of(const nlohmann::json& tags) {
  std::map<std::string, std::string> result;
  for (const auto& tag : tags) result[tag.at("key").get<std::string>()] = tag.at("value").get<std::string>();
  return result;
}

std::string optional_text(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? std::string() : it->get<std::string>();
}

bool satisfies(const std::map<std::string, std::string>& tags, const TagConditions& conditions) {
  return std::all_of(conditions.begin(), conditions.end(), [&tags](const TagCondition& condition) {
    const auto it = tags.find(condition.key);
    if (it == tags.end()) return false;
    return condition.values.empty() ||
           std::find(condition.values.begin(), condition.values.end(), it->second) != condition.values.end();
  });
}

}  // namespace

MetricsPage MetricsPage::parse(std::string text) {
  MetricsPage page;
  page.text_ = std::move(text);
  for (const std::string_view line : lines_of(page.text_)) {
    if (line.starts_with("# HELP ")) {
      const std::string_view family = family_of_comment(line);
      page.help_.emplace(family, line.substr(std::string_view("# HELP ").size() + family.size() + 1));
    }
    if (line.empty() || line.starts_with('#')) continue;
    page.samples_.push_back(LineParser(line).sample());
  }
  return page;
}

std::vector<Sample> MetricsPage::find(std::string_view name, const Labels& labels) const {
  std::vector<Sample> result;
  for (const Sample& sample : samples_) {
    if (sample.name != name) continue;
    const bool all_labels = std::all_of(labels.begin(), labels.end(), [&sample](const auto& label) {
      const auto it = sample.labels.find(label.first);
      return it != sample.labels.end() && it->second == label.second;
    });
    if (all_labels) result.push_back(sample);
  }
  return result;
}

Sample MetricsPage::one(std::string_view name, const Labels& labels) const {
  const auto found = find(name, labels);
  if (found.size() != 1) {
    std::string selector;
    for (const auto& [label, value] : labels) selector += label + "=\"" + value + "\" ";
    throw std::runtime_error(std::to_string(found.size()) + " samples of " + std::string(name) + " { " + selector +
                             "} where one was expected");
  }
  return found.front();
}

std::string MetricsPage::help(std::string_view name) const {
  const auto it = help_.find(name);
  return it == help_.end() ? std::string() : it->second;
}

double MetricsPage::sum(std::string_view name, const Labels& labels) const {
  double total = 0;
  for (const Sample& sample : find(name, labels)) total += sample.value;
  return total;
}

std::set<std::string> MetricsPage::label_values(std::string_view name, const std::string& label) const {
  std::set<std::string> values;
  for (const Sample& sample : find(name)) {
    const auto it = sample.labels.find(label);
    if (it != sample.labels.end()) values.insert(it->second);
  }
  return values;
}

std::vector<Sample> MetricsPage::rds_series() const {
  std::vector<Sample> result;
  std::copy_if(samples_.begin(), samples_.end(), std::back_inserter(result),
               [](const Sample& sample) { return is_rds_series_name(sample.name); });
  return result;
}

std::vector<std::string> rds_lines(std::string_view text) {
  std::vector<std::string> result;
  for (const std::string_view line : lines_of(text)) {
    const std::string_view name = line.starts_with("# ") ? family_of_comment(line) : line.substr(0, line.find('{'));
    if (is_rds_series_name(name) || name == "rds_instance_info" || name == "rds_cluster_info") {
      result.emplace_back(line);
    }
  }
  return result;
}

double collections(const MetricsPage& page) { return page.sum("rds_exporter_collections_total"); }

namespace {

std::vector<std::string> exporter_arguments(const std::string& endpoint_url, int port,
                                            const std::map<std::string, std::string>& settings,
                                            const ExporterLaunch& launch) {
  std::map<std::string, std::string> all{{"aws.endpoint_url", endpoint_url},
                                         {"aws.region", "ap-northeast-2"},
                                         {"exporter.host", "127.0.0.1"},
                                         {"exporter.port", std::to_string(port)}};
  for (const auto& [key, value] : settings) all[key] = value;
  std::vector<std::string> arguments{"--config-dir",
                                     launch.config_dir.empty() ? RDS_EXPORTER_CONFIG_DIR : launch.config_dir.string()};
  for (const auto& [key, value] : all) {
    arguments.push_back("--set");
    arguments.push_back(key + "=" + value);
  }
  arguments.insert(arguments.end(), launch.arguments.begin(), launch.arguments.end());
  return arguments;
}

// `more` (ExporterLaunch::environment) first: a variable the launch sets wins over these defaults.
std::map<std::string, std::string> exporter_environment(const std::filesystem::path& home,
                                                       const std::map<std::string, std::string>& more) {
  std::map<std::string, std::string> environment = more;
  environment.merge(std::map<std::string, std::string>{
      {"HOME", home.string()},
      {"AWS_ACCESS_KEY_ID", kExporterAccessKeyId},
      {"AWS_SECRET_ACCESS_KEY", kExporterSecretAccessKey},
      // Empty is unset for the exporter, as for AWS's SDKs: nothing from the host's AWS setup may leak in.
      {"AWS_SESSION_TOKEN", ""},
      {"AWS_PROFILE", ""},
      {"AWS_DEFAULT_PROFILE", ""},
      {"AWS_CONFIG_FILE", (home / "no-aws-config").string()},
      {"AWS_SHARED_CREDENTIALS_FILE", (home / "no-aws-credentials").string()},
      {"AWS_EC2_METADATA_DISABLED", "true"}});
  return environment;
}

}  // namespace

ExporterProcess::ExporterProcess(const std::string& endpoint_url, const std::map<std::string, std::string>& settings,
                                 const ExporterLaunch& launch)
    : home_(make_temp_dir("rds-exporter-home")),
      port_(launch.port != 0 ? launch.port : free_port()),
      process_(RDS_EXPORTER_BINARY, exporter_arguments(endpoint_url, port_, settings, launch),
               exporter_environment(home_, launch.environment)) {
  if (!launch.wait_for_first_collection) return;
  const auto deadline = std::chrono::steady_clock::now() + kFirstCollectionDeadline;
  // Performance Insights runs on a loop of its own: its first cycle ends apart from CloudWatch's.
  const auto pi_setting = settings.find("performance_insights.enabled");
  const bool pi_enabled = pi_setting == settings.end() || pi_setting->second != "false";
  // The page is rendered a moment after a cycle is counted: done once /-/ready says the first CloudWatch cycle is
  // served, Performance Insights' first cycle is merged (its self-metrics are recorded then), and the page shows
  // every series the exporter counts.
  const auto first_cycles_done = [this, pi_enabled](const MetricsPage& page) {
    return collections(page) >= 1 && (!pi_enabled || page.has("rds_exporter_pi_get_resource_metrics_calls")) &&
           static_cast<double>(page.rds_series().size()) == page.sum("rds_exporter_series") &&
           status_of("/-/ready") == 200;
  };
  std::string failure = "rds_exporter showed no finished collection within 30 s:\n";
  std::string last_scrape_error;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_.running()) {
      failure = "rds_exporter exited before its first collection:\n";
      break;
    }
    try {
      if (first_cycles_done(scrape())) return;
    } catch (const std::exception& error) {
      last_scrape_error = error.what();  // usually: not listening yet
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  failure += "last scrape: " + (last_scrape_error.empty() ? "fine" : last_scrape_error) + "\nexporter log:\n" + log();
  std::error_code ignored;
  std::filesystem::remove_all(home_, ignored);
  throw std::runtime_error(failure);
}

ExporterProcess::~ExporterProcess() {
  process_.send_signal(SIGTERM);
  process_.wait(kShutdownDeadline);
  std::error_code ignored;
  std::filesystem::remove_all(home_, ignored);
}

int ExporterProcess::wait_for_status(const std::string& path, int status, std::chrono::milliseconds deadline) const {
  const auto until = std::chrono::steady_clock::now() + deadline;
  int seen = status_of(path);
  while (seen != status && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = status_of(path);
  }
  return seen;
}

int ExporterProcess::status_of(const std::string& path, const std::string& method) const {
  auto client = local_client(port_);
  const auto result = method == "POST" ? client.Post(path, "", "text/plain") : client.Get(path);
  return result ? result->status : 0;
}

int ExporterProcess::wait_for_exit(std::chrono::milliseconds deadline) { return process_.wait(deadline).exit_code; }

MetricsPage ExporterProcess::scrape() const {
  auto client = local_client(port_);
  const auto result = checked(client.Get("/metrics", {{"Accept-Encoding", "identity"}}), "GET /metrics");
  if (result->has_header("Content-Encoding")) {
    throw std::runtime_error("GET /metrics without gzip answered Content-Encoding " +
                             result->get_header_value("Content-Encoding"));
  }
  return MetricsPage::parse(result->body);
}

std::string ExporterProcess::scrape_gzip() const {
  auto client = local_client(port_);
  const auto result = checked(client.Get("/metrics", {{"Accept-Encoding", "gzip"}}), "GET /metrics (gzip)");
  if (result->get_header_value("Content-Encoding") != "gzip") {
    throw std::runtime_error("GET /metrics with Accept-Encoding: gzip answered Content-Encoding '" +
                             result->get_header_value("Content-Encoding") + "'");
  }
  return gunzip(result->body);
}

int ExporterProcess::health_status() const {
  auto client = local_client(port_);
  const auto result = client.Get("/health");
  if (!result) throw std::runtime_error("GET /health: no answer (" + httplib::to_string(result.error()) + ")");
  return result->status;
}

MetricsPage ExporterProcess::wait_for(const std::string& what, const std::function<bool(const MetricsPage&)>& condition,
                                      std::chrono::seconds deadline) const {
  const auto until = std::chrono::steady_clock::now() + deadline;
  MetricsPage page = scrape();
  while (!condition(page)) {
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("waited " + std::to_string(deadline.count()) + " s in vain for " + what +
                               "; self-metrics of the last scrape:\n" + self_metrics_excerpt(page) + "exporter log:\n" +
                               log());
    }
    std::this_thread::sleep_for(kPollInterval);
    page = scrape();
  }
  return page;
}

const FleetInstance& SimFleet::instance(std::string_view id) const {
  const auto it = std::find_if(instances.begin(), instances.end(), [id](const auto& i) { return i.id == id; });
  if (it == instances.end()) throw std::runtime_error("rds_sim's fleet has no instance " + std::string(id));
  return *it;
}

const FleetCluster* SimFleet::cluster(std::string_view id) const {
  const auto it = std::find_if(clusters.begin(), clusters.end(), [id](const auto& c) { return c.id == id; });
  return it == clusters.end() ? nullptr : &*it;
}

SimFleet parse_fleet(const nlohmann::json& json) {
  SimFleet fleet;
  fleet.account_id = json.at("account_id").get<std::string>();
  fleet.region = json.at("region").get<std::string>();
  for (const auto& instance : json.at("instances")) {
    fleet.instances.push_back({instance.at("id").get<std::string>(), instance.at("engine").get<std::string>(),
                               instance.at("status").get<std::string>(), optional_text(instance, "cluster"),
                               instance.value("cluster_writer", false), optional_text(instance, "replica_of"),
                               optional_text(instance, "dbi_resource_id"),
                               instance.value("performance_insights", false), tags_of(instance.at("tags"))});
  }
  for (const auto& cluster : json.at("clusters")) {
    fleet.clusters.push_back({cluster.at("id").get<std::string>(), cluster.at("engine").get<std::string>(),
                              cluster.at("members").get<std::vector<std::string>>(), tags_of(cluster.at("tags"))});
  }
  return fleet;
}

void add_instance(const RdsSimProcess& sim, const nlohmann::json& instance) {
  auto client = local_client(sim.port());
  checked(client.Post("/_sim/fleet/instances", instance.dump(), "application/json"), "POST /_sim/fleet/instances");
}

bool is_rds_engine(std::string_view engine) { return engine != "neptune" && engine != "docdb"; }

bool is_aurora_engine(std::string_view engine) { return engine.starts_with("aurora"); }

std::set<std::string> expected_instances(const SimFleet& fleet, const TagConditions& conditions) {
  std::set<std::string> result;
  for (const FleetInstance& instance : fleet.instances) {
    if (!is_rds_engine(instance.engine)) continue;
    const FleetCluster* cluster = fleet.cluster(instance.cluster);
    if (satisfies(instance.tags, conditions) || (cluster && satisfies(cluster->tags, conditions))) {
      result.insert(instance.id);
    }
  }
  return result;
}

std::set<std::string> expected_clusters(const SimFleet& fleet, const TagConditions& conditions) {
  const std::set<std::string> instances = expected_instances(fleet, conditions);
  std::set<std::string> result;
  for (const FleetCluster& cluster : fleet.clusters) {
    if (!is_aurora_engine(cluster.engine)) continue;
    const bool watched_member = std::any_of(cluster.members.begin(), cluster.members.end(),
                                            [&instances](const std::string& id) { return instances.contains(id); });
    if (watched_member || satisfies(cluster.tags, conditions)) result.insert(cluster.id);
  }
  return result;
}

double documented_value(std::string_view source_id, std::string_view engine, std::string_view metric,
                        bool cluster_scope, std::int64_t start_seconds) {
  namespace cw = sim::cloudwatch;
  const auto family = cw::engine_family(engine);
  if (!family) throw std::runtime_error("rds_sim publishes nothing to AWS/RDS for engine " + std::string(engine));
  const cw::MetricDefinition* definition =
      cw::find_metric(metric, cluster_scope ? cw::MetricScope::kCluster : cw::MetricScope::kInstance, *family);
  if (definition == nullptr) {
    throw std::runtime_error("rds_sim has no " + std::string(metric) + " for engine " + std::string(engine));
  }
  if (definition->resolution_seconds != 60) {
    throw std::runtime_error(std::string(metric) + " is not a one-minute metric");
  }
  return cw::SeriesShape(source_id, *definition).sample(start_seconds);
}

}  // namespace rds_exporter::testing
