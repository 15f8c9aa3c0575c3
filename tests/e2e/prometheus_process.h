#pragma once

#include "subprocess.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::testing {

// The Debian package's binary (scripts/install-deps.sh installs it); tests skip when it is missing.
inline const std::filesystem::path kPrometheusBinary = "/usr/bin/prometheus";

struct PrometheusOptions {
  // The port of the one scrape target on loopback, job `job`; none: no scrape job (remote write only).
  std::optional<int> target_port;
  std::string job = "rds_exporter";
  // Indented YAML added to the job: scheme, tls_config, basic_auth, ...
  std::string job_extra;
  // Prometheus durations; the timeout must not exceed the interval.
  std::string scrape_interval = "1s";
  std::string scrape_timeout = "1s";
  // --web.enable-remote-write-receiver: POST /api/v1/write takes samples (remote_write_url()).
  bool enable_remote_write_receiver = false;
};

// One raw sample as Prometheus stored it: its own timestamp (seconds since the epoch) and value.
struct RawSample {
  double timestamp = 0;
  double value = 0;
};

// A series of a range query's answer: its labels (__name__ included) and samples, oldest first.
struct RawSeries {
  std::map<std::string, std::string> labels;
  std::vector<RawSample> samples;
};

// A Prometheus server with its own configuration and storage in a temporary directory, for as long as this object
// lives (SIGTERM, then its directory removed).
class PrometheusProcess {
 public:
  explicit PrometheusProcess(const PrometheusOptions& options);
  // Scrapes `target_port` every second, with `job_extra` added to the job.
  explicit PrometheusProcess(int target_port, const std::string& job_extra = "");
  ~PrometheusProcess();
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  // The value of the instant query `promql` evaluated at `time` (seconds since the epoch) when it selects exactly
  // one series; nullopt while it selects none or Prometheus is not up yet.
  std::optional<double> query(const std::string& promql, double time) const;
  // Every series of the instant query `promql` at `time`, each with its one sample; empty while it selects none or
  // Prometheus is not up yet.
  std::vector<RawSeries> query_vector(const std::string& promql, double time) const;
  // Every raw sample of the series `selector` selects within `range` (a PromQL duration such as "30m") before
  // `time`: /api/v1/query?query=<selector>[<range>]&time=<time>. An explicit time matters for samples stamped
  // ahead of Prometheus' clock (rds_sim --time-scale). Empty while Prometheus is not up yet.
  std::vector<RawSeries> raw_samples(const std::string& selector, const std::string& range, double time) const;
  // Prometheus' own counter or gauge `name` from its /metrics, summed over its label sets (e.g.
  // prometheus_target_scrapes_sample_out_of_order_total); nullopt when it does not show it (or is not up).
  std::optional<double> self_metric(const std::string& name) const;

  int port() const { return port_; }
  // Where remote write sends to, with enable_remote_write_receiver.
  std::string remote_write_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/write"; }
  bool running() { return process_.running(); }
  std::string log() const { return process_.err_so_far(); }

 private:
  std::vector<std::string> arguments(const PrometheusOptions& options) const;

  std::filesystem::path dir_;
  int port_;
  Subprocess process_;
};

// Real time now, in seconds since the epoch.
double now_seconds();

}  // namespace rds_exporter::testing
