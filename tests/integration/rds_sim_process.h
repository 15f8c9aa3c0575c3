#pragma once

#include "subprocess.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rds_exporter::testing {

// rds_sim serving a fleet on a free loopback port, for as long as this object lives, and its admin API
// (sim/README.md "Admin API"). Every admin call throws std::runtime_error when the simulator refuses it, so a
// test never runs on against a simulator in an unexpected state.
class RdsSimProcess {
 public:
  // Serves the fleet file. Waits until the simulator reports where it listens; throws if it exits or stays silent
  // for 10 s.
  RdsSimProcess(const std::filesystem::path& binary, const std::filesystem::path& fleet,
                const std::vector<std::string>& extra_args = {});
  // Serves a synthetic fleet (`--generate instances --seed seed`), waiting as the constructor does.
  static std::unique_ptr<RdsSimProcess> generated(const std::filesystem::path& binary, int instances,
                                                  std::uint64_t seed, const std::vector<std::string>& extra_args = {});
  // Any admin call (sim/README.md "Admin API"): its JSON answer, or null when it has none.
  nlohmann::json admin(const std::string& method, const std::string& path,
                       const nlohmann::json& body = nlohmann::json()) const;

  // http://127.0.0.1:PORT, what aws.endpoint_url and the credential endpoint variables point at.
  const std::string& base_url() const { return base_url_; }
  int port() const { return port_; }

  // GET /_sim/stats: {"requests": {service: {operation: {outcome: count}}}, "total": n, ...}.
  nlohmann::json stats() const;
  // The count of one outcome ("200", "fault:Throttling", an error code), 0 when never seen.
  int request_count(const std::string& service, const std::string& operation, const std::string& outcome) const;
  // What CloudWatch bills: the metrics GetMetricData calls asked for.
  std::int64_t cloudwatch_metrics_requested() const;
  // POST /_sim/reset: forgets the counts.
  void reset_stats() const;
  // PUT /_sim/faults with the plan (the fleet file's faults: section as JSON).
  void set_faults(const nlohmann::json& plan) const;
  void clear_faults() const;
  // POST /_sim/credentials/expire-all; answers how many temporary credentials it ended.
  int expire_all_credentials() const;
  // GET /_sim/fleet: {"account_id", "region", "instances": [...], "clusters": [...]}.
  nlohmann::json fleet() const;
  // DELETE /_sim/fleet/instances/ID.
  void remove_instance(const std::string& id) const;
  // GET /_sim/logs/streams/STREAM/events: the Enhanced Monitoring events rds_sim wrote to `stream` in
  // [start_ms, end_ms), each {"timestamp": ms, "message": document}, oldest first.
  nlohmann::json log_events(const std::string& stream, std::int64_t start_ms, std::int64_t end_ms) const;

  // GET /_sim/clock: the data clock of --time-scale and --time-backdate (pass {"--time-scale", "K"} as extra_args),
  // in seconds since the epoch: the real time it started at (what rds_exporter's --testing.time-origin takes), data
  // time now (what CloudWatch's datapoints follow) and real time now.
  struct Clock {
    std::int64_t time_scale = 1;
    // --time-backdate, seconds.
    std::int64_t backdate = 0;
    double start = 0;
    double now = 0;
    double real_now = 0;
  };
  Clock clock() const;

  // What the simulator wrote to stderr so far, for failure messages.
  std::string log() const { return process_.err_so_far(); }

 private:
  // `source` is what rds_sim serves: --fleet FILE or --generate N --seed S, and any further options.
  RdsSimProcess(const std::filesystem::path& binary, const std::vector<std::string>& source);

  Subprocess process_;
  int port_ = 0;
  std::string base_url_;
};

}  // namespace rds_exporter::testing
