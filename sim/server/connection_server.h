#pragma once

#include "sim/server/connection_registry.h"

#include <httplib.h>

#include <chrono>
#include <functional>

namespace rds_exporter::sim {

// An httplib::Server that runs its own per-connection loop. httplib 0.11.4's loop checks for stop()
// only between requests, and an idle keep-alive connection (Prometheus keeps one open between
// scrapes) sits in it for the whole keep-alive timeout, so listen() returned only seconds after
// stop(). Owning the loop lets shutdown() close every open connection at once. The loop is otherwise
// httplib's: same keep-alive count and timeout (which its Keep-Alive header announces), and the
// request parsing, routing and response writing all stay httplib's own.
class ConnectionServer : public httplib::Server {
 public:
  using RequestLog =
      std::function<void(const httplib::Request&, const httplib::Response&, std::chrono::steady_clock::duration)>;

  // `log` sees every response httplib writes, with the time since the request's first byte arrived.
  explicit ConnectionServer(RequestLog log);

  // Stops accepting and shuts every open connection down; listen_after_bind() returns as soon as
  // the workers have noticed, which an idle connection does at once.
  void shutdown();

 private:
  bool process_and_close_socket(socket_t sock) override;

  ConnectionRegistry connections_;
};

}  // namespace rds_exporter::sim
