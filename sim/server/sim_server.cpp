#include "sim/server/sim_server.h"

#include "sim/auth/signature_claim.h"
#include "sim/server/connection_server.h"
#include "sim/server/http_adapter.h"

#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace rds_exporter::sim {
namespace {

constexpr const char* kLoopback = "127.0.0.1";

void log_request(const httplib::Request& request, const httplib::Response& response,
                 std::chrono::steady_clock::duration duration) {
  // Headers and bodies stay out: they carry signatures and session tokens.
  std::fprintf(stderr, "rds_sim: %s %s %d %.3fms\n", request.method.c_str(), request.path.c_str(), response.status,
               std::chrono::duration<double, std::milli>(duration).count());
}

constexpr std::size_t kWorkerThreads = 64;

AdminQuery admin_query(const httplib::Request& request) {
  AdminQuery query;
  for (const auto& [name, value] : request.params) query.emplace(name, value);
  return query;
}

// httplib's default also sets SO_REUSEPORT, which would let a second simulator bind the same port and take
// half of the test's requests.
void reuse_address_only(socket_t sock) {
  const int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

}  // namespace

SimServer::SimServer(const QueryEndpoint& query_endpoint, const JsonEndpoint& json_endpoint, const AdminApi& admin,
                     bool log_requests, const RestEndpoints* rest, const ApsEndpoint* aps)
    : http_(std::make_unique<ConnectionServer>(
          log_requests
              ? ConnectionServer::RequestLog(log_request)
              : [](const httplib::Request&, const httplib::Response&, std::chrono::steady_clock::duration) {})) {
  http_->set_socket_options(reuse_address_only);
  // httplib serves each connection on one pool thread for as long as it is kept alive, and its default pool
  // (8 threads on a small machine) is what one exporter's idle keep-alive connections alone can fill: then
  // every other client, the admin API included, waits for a keep-alive timeout. AWS serves many clients at once.
  http_->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  const auto admin_handler = [&admin](const httplib::Request& request, httplib::Response& response) {
    write_reply(admin.handle(request.method, request.path, request.body, admin_query(request)), response);
  };
  // POST handlers read the body themselves (see read_body); httplib tries every POST with them first, in the
  // order they were added, so /_sim/ comes before the catch-all.
  http_->Get(R"(/_sim/.*)", admin_handler);
  http_->Put(R"(/_sim/.*)", admin_handler);
  http_->Delete(R"(/_sim/.*)", admin_handler);
  http_->Post(R"(/_sim/.*)", [&admin](const httplib::Request& request, httplib::Response& response,
                                      const httplib::ContentReader& read_content) {
    write_reply(admin.handle(request.method, request.path, read_body(read_content), admin_query(request)), response);
  });
  if (aps != nullptr) {
    http_->Post(std::string(ApsEndpoint::kPathPattern),
                [aps](const httplib::Request& request, httplib::Response& response,
                      const httplib::ContentReader& read_content) {
                  const std::string workspace = request.matches.size() > 1 ? request.matches[1].str() : std::string();
                  write_reply(aps->handle(to_aws_request(request, read_body(read_content)), workspace), response);
                });
  }
  if (rest != nullptr) {
    for (const auto& service : rest->services()) {
      const auto handler = [rest, &service = *service](const httplib::Request& request, httplib::Response& response) {
        write_reply(rest->handle(service, to_aws_request(request, request.body)), response);
      };
      const std::string pattern(service->path_pattern());
      http_->Get(pattern, handler);
      http_->Put(pattern, handler);
    }
  }
  http_->Get(".*", [&query_endpoint](const httplib::Request& request, httplib::Response& response) {
    write_reply(query_endpoint.handle(to_aws_request(request, request.body)), response);
  });
  http_->Post(".*", [&query_endpoint, &json_endpoint](const httplib::Request& request, httplib::Response& response,
                                                      const httplib::ContentReader& read_content) {
    const common::HttpRequest aws_request = to_aws_request(request, read_body(read_content));
    const std::string* target = find_header(aws_request.headers, "X-Amz-Target");
    write_reply(target != nullptr ? json_endpoint.handle(aws_request, *target) : query_endpoint.handle(aws_request),
                response);
  });
}

SimServer::~SimServer() { stop(); }

std::optional<std::string> SimServer::start(std::uint16_t port) {
  errno = 0;
  const int bound = port == 0 ? http_->bind_to_any_port(kLoopback) : (http_->bind_to_port(kLoopback, port) ? port : -1);
  if (bound < 0) {
    const std::string address = std::string(kLoopback) + ":" + std::to_string(port);
    if (errno == EADDRINUSE) return "address " + address + " is already in use";
    return "cannot listen on " + address + ": " + (errno != 0 ? std::strerror(errno) : "bind failed");
  }
  port_ = static_cast<std::uint16_t>(bound);
  listener_ = std::thread([this] {
    http_->listen_after_bind();
    listener_done_ = true;
  });
  // httplib's stop() does nothing until the accept loop runs; waiting for it means an early stop() is not lost.
  while (!http_->is_running() && !listener_done_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::nullopt;
}

void SimServer::stop() {
  if (!listener_.joinable()) return;
  http_->shutdown();
  listener_.join();
}

}  // namespace rds_exporter::sim
