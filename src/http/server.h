#pragma once

#include "common/expected.h"
#include "exposition/metric_family.h"
#include "http/providers.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::http {

class TlsContextSource;
class BasicAuthenticator;

struct ServerOptions {
  std::string host = "0.0.0.0";
  // 0 lets the system pick a free port; port() then tells which.
  std::uint16_t port = 9043;
  // Shown on the landing page.
  std::string version;
  // A connection must deliver a complete request head (and, with TLS, its handshake) within this, whether it is
  // new or has just become active again: a client trickling header lines (slowloris) is closed when it runs out.
  std::chrono::milliseconds read_header_timeout{std::chrono::seconds(10)};
  // A keep-alive connection with no new request for this long is closed.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // Sending one response may take this long before the connection is given up (a client that stopped reading).
  std::chrono::milliseconds write_timeout{std::chrono::seconds(60)};
  // Connections open at once; one more is answered 503 and closed at once.
  std::size_t max_connections = 1024;
  // The request head, request line included: larger is refused with 431, as is one with more header lines.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_header_lines = 100;
};

// What --web.config.file asks of the server: TLS (with or without client certificates), basic auth and extra
// response headers. Default: plain HTTP, no credentials asked.
struct WebSecurity {
  std::shared_ptr<TlsContextSource> tls;
  std::shared_ptr<BasicAuthenticator> basic_auth;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Reads --web.config.file (exporter-toolkit's format) into what the server needs: certificates are loaded and
// checked now, and re-read for new connections whenever they change on disk. The error names the file, the key
// and the expected form.
common::Expected<WebSecurity, std::string> load_web_security(const std::filesystem::path& file);

// The exporter's HTTP endpoint (see routes.h), event-driven on Boost.Beast: one thread serves every connection,
// so idle and slow clients cost a socket each and never hold back a scrape. Every connection is bounded in time
// (request head, idle keep-alive, writing) and in size (request head), and the number of connections is capped.
// start() and stop() are meant to be called from one thread.
class Server {
 public:
  Server(ServerOptions options, Handlers handlers, WebSecurity security = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Returns why it could not, e.g. "address 0.0.0.0:9043 is already in use"; a
  // server serves at most once.
  [[nodiscard]] std::optional<std::string> start();

  // Takes a new --web.config.file for the connections accepted from now on. Switching between plain HTTP and
  // TLS needs a new listener, so it is refused here (the caller says a restart is needed): returns whether it
  // was taken.
  bool update_security(WebSecurity security);

  // /-/ready and /health answer 503 "shutting down" from now on while everything else is still served, so
  // load balancers and Kubernetes take the exporter out of rotation before stop() closes the port.
  void drain();

  // Drains, stops accepting, closes open connections (idle keep-alive ones included) and returns once the
  // serving thread has ended. Safe to call more than once.
  void stop();

  // The bound port, once start() succeeded.
  std::uint16_t port() const;

  // The server's self-metrics: open connections, and connections and requests refused, by reason.
  std::vector<exposition::MetricFamily> metrics() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rds_exporter::http
