#include "prometheus_process.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace rds_exporter::testing {
namespace {

using std::chrono::seconds;

// A fresh directory holding prometheus.yml as `options` describe it.
std::filesystem::path configured_directory(const PrometheusOptions& options) {
  const auto dir = make_temp_dir("rds-exporter-prometheus");
  std::ofstream config(dir / "prometheus.yml");
  config << "global:\n"
         << "  scrape_interval: " << options.scrape_interval << "\n"
         << "  scrape_timeout: " << options.scrape_timeout << "\n";
  if (options.target_port) {
    config << "scrape_configs:\n"
           << "  - job_name: " << options.job << "\n"
           << options.job_extra << "    static_configs:\n      - targets: ['127.0.0.1:" << *options.target_port
           << "']\n";
  }
  return dir;
}

httplib::Client client_of(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(seconds(2));
  client.set_read_timeout(seconds(10));
  return client;
}

// The "data" of an /api/v1/query answer; null when Prometheus did not answer 200 with JSON.
nlohmann::json query_data(int port, const std::string& promql, double time) {
  auto client = client_of(port);
  const auto result =
      client.Get("/api/v1/query", {{"query", promql}, {"time", std::to_string(time)}}, httplib::Headers{});
  if (!result || result->status != 200) return nullptr;
  auto answer = nlohmann::json::parse(result->body, nullptr, false);
  if (answer.is_discarded() || !answer.contains("data")) return nullptr;
  return answer.at("data");
}

}  // namespace

PrometheusProcess::PrometheusProcess(const PrometheusOptions& options)
    : dir_(configured_directory(options)), port_(free_port()), process_(kPrometheusBinary, arguments(options)) {}

PrometheusProcess::PrometheusProcess(int target_port, const std::string& job_extra)
    : PrometheusProcess(PrometheusOptions{.target_port = target_port, .job_extra = job_extra}) {}

PrometheusProcess::~PrometheusProcess() {
  process_.send_signal(SIGTERM);
  process_.wait(seconds(15));
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::vector<std::string> PrometheusProcess::arguments(const PrometheusOptions& options) const {
  std::vector<std::string> arguments{"--config.file=" + (dir_ / "prometheus.yml").string(),
                                     "--storage.tsdb.path=" + (dir_ / "data").string(),
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
  if (options.enable_remote_write_receiver) arguments.emplace_back("--web.enable-remote-write-receiver");
  return arguments;
}

std::optional<double> PrometheusProcess::query(const std::string& promql, double time) const {
  const auto data = query_data(port_, promql, time);
  if (data.is_null()) return std::nullopt;
  const auto& series = data.at("result");
  if (!series.is_array() || series.size() != 1) return std::nullopt;
  return std::stod(series.at(0).at("value").at(1).get<std::string>());
}

std::vector<RawSeries> PrometheusProcess::query_vector(const std::string& promql, double time) const {
  const auto data = query_data(port_, promql, time);
  std::vector<RawSeries> result;
  if (data.is_null() || data.value("resultType", "") != "vector") return result;
  for (const auto& series : data.at("result")) {
    RawSeries& raw = result.emplace_back();
    for (const auto& [name, value] : series.at("metric").items()) raw.labels[name] = value.get<std::string>();
    const auto& pair = series.at("value");
    raw.samples.push_back({pair.at(0).get<double>(), std::stod(pair.at(1).get<std::string>())});
  }
  return result;
}

std::vector<RawSeries> PrometheusProcess::raw_samples(const std::string& selector, const std::string& range,
                                                      double time) const {
  const auto data = query_data(port_, selector + "[" + range + "]", time);
  std::vector<RawSeries> result;
  if (data.is_null() || data.value("resultType", "") != "matrix") return result;
  for (const auto& series : data.at("result")) {
    RawSeries& raw = result.emplace_back();
    for (const auto& [name, value] : series.at("metric").items()) raw.labels[name] = value.get<std::string>();
    for (const auto& pair : series.at("values")) {
      raw.samples.push_back({pair.at(0).get<double>(), std::stod(pair.at(1).get<std::string>())});
    }
  }
  return result;
}

std::optional<double> PrometheusProcess::self_metric(const std::string& name) const {
  auto client = client_of(port_);
  const auto result = client.Get("/metrics");
  if (!result || result->status != 200) return std::nullopt;
  std::optional<double> sum;
  std::istringstream lines(result->body);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(name)) continue;
    const char after = line.size() > name.size() ? line[name.size()] : '\0';
    if (after != ' ' && after != '{') continue;
    const auto space = line.rfind(' ');
    sum = sum.value_or(0) + std::stod(line.substr(space + 1));
  }
  return sum;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace rds_exporter::testing
