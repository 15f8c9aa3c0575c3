// CivetWeb 1.15 (Debian libcivetweb-dev) configured as close as it allows to the exporter's serving edge (issue 13):
// 1,024 worker threads (CivetWeb serves one connection per worker thread; num_threads is its only bound on
// concurrent connections, and connections beyond it wait in its accept queue and the kernel's backlog rather than
// being refused), request_timeout_ms 10000 for the request head, keep_alive_timeout_ms 60000 between requests,
// max_request_size 16384 for the head. CivetWeb parses at most 64 header lines (MG_MAX_HEADERS in civetweb.h), so
// a 100-line cap cannot be set, and the head's own limit is what the benchmark measures.
#include <civetweb.h>

#include <cstring>
#include <exception>
#include <string>

#include "candidate_common.h"

namespace {

const candidate::Args* served = nullptr;

int send(mg_connection* connection, int status, std::string_view type, std::string_view body, bool gzip) {
  mg_response_header_start(connection, status);
  mg_response_header_add(connection, "Content-Type", type.data(), static_cast<int>(type.size()));
  if (gzip) mg_response_header_add(connection, "Content-Encoding", "gzip", -1);
  mg_response_header_add(connection, "Vary", "Accept-Encoding", -1);
  const std::string length = std::to_string(body.size());
  mg_response_header_add(connection, "Content-Length", length.c_str(), -1);
  mg_response_header_send(connection);
  const auto* request = mg_get_request_info(connection);
  if (std::strcmp(request->request_method, "HEAD") != 0) mg_write(connection, body.data(), body.size());
  return status;
}

int metrics(mg_connection* connection, void*) {
  const bool gzip = candidate::wants_gzip(mg_get_header(connection, "Accept-Encoding"));
  return send(connection, 200, candidate::kMetricsType, gzip ? served->gzip_body : served->plain_body, gzip);
}

int healthy(mg_connection* connection, void*) {
  return send(connection, 200, "text/plain; charset=utf-8", candidate::kHealthy, false);
}

int log_message(const mg_connection*, const char* message) {
  std::fprintf(stderr, "civetweb: %s\n", message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) try {
  const candidate::Args args = candidate::parse(argc, argv);
  served = &args;
  const sigset_t stop = candidate::block_stop_signals();
  mg_init_library(0);
  const std::string listening = "127.0.0.1:" + std::to_string(args.port);
  const std::string threads = std::to_string(candidate::kMaxConnections);
  const std::string head_timeout = std::to_string(candidate::kHeadTimeoutSeconds * 1000);
  const std::string idle_timeout = std::to_string(candidate::kIdleTimeoutSeconds * 1000);
  const std::string head_bytes = std::to_string(candidate::kMaxHeadBytes);
  const char* options[] = {
      "listening_ports", listening.c_str(),
      "num_threads", threads.c_str(),
      "request_timeout_ms", head_timeout.c_str(),
      "enable_keep_alive", "yes",
      "keep_alive_timeout_ms", idle_timeout.c_str(),
      "max_request_size", head_bytes.c_str(),
      "listen_backlog", "1024",
      nullptr,
  };
  mg_callbacks callbacks{};
  callbacks.log_message = log_message;
  mg_context* context = mg_start(&callbacks, nullptr, options);
  if (context == nullptr) {
    std::fprintf(stderr, "mg_start failed on %s\n", listening.c_str());
    return 1;
  }
  mg_set_request_handler(context, "/metrics$", metrics, nullptr);
  mg_set_request_handler(context, "/-/healthy$", healthy, nullptr);
  candidate::announce(args.port);
  candidate::wait_for_stop(stop);
  mg_stop(context);
  mg_exit_library();
  return 0;
} catch (const std::exception& failure) {
  std::fprintf(stderr, "candidate_civetweb: %s\n", failure.what());
  return 2;
}
