#pragma once

#include "sim/admin/admin_api.h"
#include "sim/server/json_endpoint.h"
#include "sim/aps/aps_endpoint.h"
#include "sim/server/query_endpoint.h"
#include "sim/server/rest_endpoints.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace rds_exporter::sim {

class ConnectionServer;

// The simulator's HTTP listener on 127.0.0.1 only: /_sim/ goes to the admin API, the paths of `rest`'s
// services (instance metadata, container credentials, SSO) to them, every other path (an endpoint URL may
// carry one) to the AWS Query services. start() and stop() are meant to be called from one thread.
class SimServer {
 public:
  // Requests with X-Amz-Target go to `json_endpoint` (AWS JSON 1.0), every other AWS request to `query_endpoint`;
  // POST /workspaces/<id>/api/v1/remote_write to `aps` when given.
  SimServer(const QueryEndpoint& query_endpoint, const JsonEndpoint& json_endpoint, const AdminApi& admin,
            bool log_requests, const RestEndpoints* rest = nullptr, const ApsEndpoint* aps = nullptr);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds (port 0: any free port) and serves from a thread of its own; returns why it could not.
  [[nodiscard]] std::optional<std::string> start(std::uint16_t port);

  // Stops accepting, closes open connections, idle keep-alive ones included, and waits for requests in
  // progress. Safe to call more than once.
  void stop();

  std::uint16_t port() const { return port_; }

 private:
  std::unique_ptr<ConnectionServer> http_;
  std::thread listener_;
  std::atomic<bool> listener_done_{false};
  std::uint16_t port_ = 0;
};

}  // namespace rds_exporter::sim
