#pragma once

#include "http/providers.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace rds_exporter::http {

class ConnectionServer;

struct ServerOptions {
  std::string host = "0.0.0.0";
  // 0 lets the system pick a free port; port() then tells which.
  std::uint16_t port = 9043;
  // Shown on the landing page.
  std::string version;
};

// The exporter's HTTP endpoint: /metrics, /health and a landing page at /, served from a thread of
// its own. start() and stop() are meant to be called from one thread.
class Server {
 public:
  Server(ServerOptions options, MetricsProvider metrics, HealthProvider health);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Returns why it could not, e.g. "address 0.0.0.0:9043 is already in
  // use"; a server serves at most once.
  [[nodiscard]] std::optional<std::string> start();

  // /health answers 503 "shutting down" from now on while everything else is still served, so load
  // balancers take the exporter out of rotation before stop() closes the port.
  void drain();

  // Drains, stops accepting, closes open connections (idle keep-alive ones included) and returns
  // once every request in progress has ended. Safe to call more than once.
  void stop();

  // The bound port, once start() succeeded.
  std::uint16_t port() const { return port_; }

 private:
  ServerOptions options_;
  std::atomic<bool> draining_{false};
  std::unique_ptr<ConnectionServer> http_;
  std::thread listener_;
  std::atomic<bool> listener_done_{false};
  bool started_ = false;
  std::uint16_t port_ = 0;
};

}  // namespace rds_exporter::http
