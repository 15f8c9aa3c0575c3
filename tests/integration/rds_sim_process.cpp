#include "rds_sim_process.h"

#include <httplib.h>

#include <chrono>
#include <string_view>
#include <stdexcept>
#include <thread>

namespace rds_exporter::testing {
namespace {

constexpr std::chrono::seconds kStartupDeadline{10};

std::vector<std::string> fleet_source(const std::filesystem::path& fleet, const std::vector<std::string>& extra_args) {
  std::vector<std::string> result{"--fleet", fleet.string()};
  result.insert(result.end(), extra_args.begin(), extra_args.end());
  return result;
}

std::vector<std::string> on_a_free_port(std::vector<std::string> source) {
  source.insert(source.end(), {"--port", "0"});
  return source;
}

std::string joined(const std::vector<std::string>& words) {
  std::string result;
  for (const std::string& word : words) result += (result.empty() ? "" : " ") + word;
  return result;
}

httplib::Client admin_client(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(std::chrono::seconds(10));
  return client;
}

httplib::Result checked_sim_answer(httplib::Result result, const std::string& request) {
  if (!result)
    throw std::runtime_error(request + ": no answer from rds_sim (" + httplib::to_string(result.error()) + ")");
  if (result->status / 100 != 2) {
    throw std::runtime_error(request + ": rds_sim answered HTTP " + std::to_string(result->status) + ": " +
                             result->body);
  }
  return result;
}

}  // namespace

RdsSimProcess::RdsSimProcess(const std::filesystem::path& binary, const std::filesystem::path& fleet,
                             const std::vector<std::string>& extra_args)
    : RdsSimProcess(binary, fleet_source(fleet, extra_args)) {}

std::unique_ptr<RdsSimProcess> RdsSimProcess::generated(const std::filesystem::path& binary, int instances,
                                                        std::uint64_t seed, const std::vector<std::string>& extra_args) {
  std::vector<std::string> source{"--generate", std::to_string(instances), "--seed", std::to_string(seed)};
  source.insert(source.end(), extra_args.begin(), extra_args.end());
  return std::unique_ptr<RdsSimProcess>(new RdsSimProcess(binary, source));
}

nlohmann::json RdsSimProcess::admin(const std::string& method, const std::string& path,
                                    const nlohmann::json& body) const {
  auto client = admin_client(port_);
  const std::string request = method + " " + path;
  const std::string payload = body.is_null() ? std::string() : body.dump();
  httplib::Result result = method == "GET"    ? client.Get(path)
                           : method == "PUT"  ? client.Put(path, payload, "application/json")
                           : method == "POST" ? client.Post(path, payload, "application/json")
                                              : client.Delete(path);
  const auto answered = checked_sim_answer(std::move(result), request);
  return answered->body.empty() ? nlohmann::json() : nlohmann::json::parse(answered->body, nullptr, false);
}

RdsSimProcess::RdsSimProcess(const std::filesystem::path& binary, const std::vector<std::string>& source)
    : process_(binary, on_a_free_port(source)) {
  static constexpr std::string_view kListening = "rds_sim listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + kStartupDeadline;
  for (std::string out = process_.out_so_far();; out = process_.out_so_far()) {
    const auto line_end = out.find('\n');
    if (line_end != std::string::npos) {
      if (!out.starts_with(kListening)) throw std::runtime_error("rds_sim printed an unexpected first line: " + out);
      port_ = std::stoi(out.substr(kListening.size(), line_end - kListening.size()));
      base_url_ = "http://127.0.0.1:" + std::to_string(port_);
      return;
    }
    if (!process_.running() || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("rds_sim " + joined(source) + " did not start: " + process_.err_so_far());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

nlohmann::json RdsSimProcess::stats() const {
  auto client = admin_client(port_);
  return nlohmann::json::parse(checked_sim_answer(client.Get("/_sim/stats"), "GET /_sim/stats")->body);
}

int RdsSimProcess::request_count(const std::string& service, const std::string& operation,
                                 const std::string& outcome) const {
  const nlohmann::json requests = stats().value("requests", nlohmann::json::object());
  const nlohmann::json::json_pointer pointer("/" + service + "/" + operation + "/" + outcome);
  return requests.contains(pointer) ? requests.at(pointer).get<int>() : 0;
}

RdsSimProcess::Clock RdsSimProcess::clock() const {
  const nlohmann::json answer = admin("GET", "/_sim/clock");
  return {answer.at("time_scale").get<std::int64_t>(), answer.at("backdate").get<std::int64_t>(),
          answer.at("start").get<double>(), answer.at("now").get<double>(), answer.at("real_now").get<double>()};
}

std::int64_t RdsSimProcess::cloudwatch_metrics_requested() const {
  return stats().at("cloudwatch_metrics_requested").get<std::int64_t>();
}

void RdsSimProcess::reset_stats() const {
  auto client = admin_client(port_);
  checked_sim_answer(client.Post("/_sim/reset"), "POST /_sim/reset");
}

void RdsSimProcess::set_faults(const nlohmann::json& plan) const {
  auto client = admin_client(port_);
  checked_sim_answer(client.Put("/_sim/faults", plan.dump(), "application/json"), "PUT /_sim/faults");
}

void RdsSimProcess::clear_faults() const {
  auto client = admin_client(port_);
  checked_sim_answer(client.Delete("/_sim/faults"), "DELETE /_sim/faults");
}

int RdsSimProcess::expire_all_credentials() const {
  auto client = admin_client(port_);
  const auto result =
      checked_sim_answer(client.Post("/_sim/credentials/expire-all"), "POST /_sim/credentials/expire-all");
  return nlohmann::json::parse(result->body).at("expired").get<int>();
}

nlohmann::json RdsSimProcess::fleet() const {
  auto client = admin_client(port_);
  return nlohmann::json::parse(checked_sim_answer(client.Get("/_sim/fleet"), "GET /_sim/fleet")->body);
}

void RdsSimProcess::remove_instance(const std::string& id) const {
  auto client = admin_client(port_);
  checked_sim_answer(client.Delete("/_sim/fleet/instances/" + id), "DELETE /_sim/fleet/instances/" + id);
}

nlohmann::json RdsSimProcess::log_events(const std::string& stream, std::int64_t start_ms,
                                         std::int64_t end_ms) const {
  return admin("GET", "/_sim/logs/streams/" + stream + "/events?start_ms=" + std::to_string(start_ms) +
                          "&end_ms=" + std::to_string(end_ms))["events"];
}

}  // namespace rds_exporter::testing
