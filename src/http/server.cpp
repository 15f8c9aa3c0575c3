#include "http/server.h"

#include "http/connection_server.h"
#include "http/routes.h"
#include "logging/log_setup.h"

#include <netdb.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace rds_exporter::http {
namespace {

std::string address(const std::string& host, std::uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// httplib reports a failed bind as a bare false, but the socket calls behind it leave errno set.
std::string bind_error(const std::string& host, std::uint16_t port, int error) {
  if (error == EADDRINUSE) return "address " + address(host, port) + " is already in use";
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* resolved = nullptr;
  if (const int status = getaddrinfo(host.c_str(), nullptr, &hints, &resolved); status != 0) {
    return "cannot listen on " + address(host, port) + ": " + gai_strerror(status);
  }
  freeaddrinfo(resolved);
  return "cannot listen on " + address(host, port) + ": " + (error != 0 ? std::strerror(error) : "bind failed");
}

// httplib's default sets SO_REUSEPORT, which lets a second exporter bind the same port and silently
// share the traffic. SO_REUSEADDR alone still allows a quick restart while old connections linger.
void reuse_address_only(socket_t sock) {
  const int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

void log_request(const httplib::Request& request, const httplib::Response& response,
                 std::chrono::steady_clock::duration duration) {
  // Headers stay out of the log: they can carry credentials. The path is quoted and escaped because it
  // arrives percent-decoded, and a decoded newline would forge a log line.
  logging::logger("http")->debug("{} {:?} {} {:.3f}ms", request.method, request.path, response.status,
                                 std::chrono::duration<double, std::milli>(duration).count());
}

}  // namespace

Server::Server(ServerOptions options, MetricsProvider metrics, HealthProvider health)
    : options_(std::move(options)), http_(std::make_unique<ConnectionServer>(log_request)) {
  http_->set_socket_options(reuse_address_only);
  add_routes(*http_, options_.version, std::move(metrics),
             [this, health = std::move(health)]() -> Health {
               if (draining_) return {false, "shutting down"};
               return health();
             });
}

Server::~Server() { stop(); }

std::optional<std::string> Server::start() {
  if (started_) return "the HTTP server was already started";
  started_ = true;
  errno = 0;
  const int bound = options_.port == 0 ? http_->bind_to_any_port(options_.host)
                                       : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (bound < 0) return bind_error(options_.host, options_.port, errno);
  port_ = static_cast<std::uint16_t>(bound);
  listener_ = std::thread([this] {
    http_->listen_after_bind();
    listener_done_ = true;
  });
  // httplib's stop() does nothing until the accept loop is running; waiting here means a stop()
  // right after start() cannot miss it and leave the loop running forever.
  while (!http_->is_running() && !listener_done_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (listener_done_) {
    listener_.join();
    return "cannot serve on " + address(options_.host, port_) + ": the accept loop ended at once";
  }
  logging::logger("http")->debug("listening on {}", address(options_.host, port_));
  return std::nullopt;
}

void Server::drain() { draining_ = true; }

void Server::stop() {
  if (!listener_.joinable()) return;
  drain();
  http_->shutdown();
  listener_.join();
  logging::logger("http")->debug("stopped");
}

}  // namespace rds_exporter::http
