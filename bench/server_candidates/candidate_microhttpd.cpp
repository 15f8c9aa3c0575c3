// libmicrohttpd 0.9.75 (Debian libmicrohttpd-dev) configured as close as it allows to the exporter's serving
// edge (issue 13): epoll in an internal thread pool of 2, at most 1,024 connections, a 10 s inactivity timeout,
// a 16 KiB per-connection memory pool (which holds the request head, its parsed header list and the response
// head), and 431 for more than 100 header lines, counted in the handler once the head is parsed.
// What it cannot express (microhttpd.h): the timeout is one inactivity timeout for every state (no absolute
// deadline for the head: a client sending a byte every few seconds is never timed out) and the same value
// serves as the idle keep-alive timeout; there is no option for a header-line count.
#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <exception>

#include "candidate_common.h"

namespace {

struct Pages {
  MHD_Response* gzip = nullptr;
  MHD_Response* plain = nullptr;
  MHD_Response* healthy = nullptr;
  MHD_Response* not_found = nullptr;
  MHD_Response* not_allowed = nullptr;
  MHD_Response* too_many_headers = nullptr;
};

MHD_Response* fixed(const std::string_view body, const std::string_view type) {
  auto* response = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(response, "Content-Type", std::string(type).c_str());
  return response;
}

MHD_Result count_header(void* cls, MHD_ValueKind, const char*, const char*) {
  ++*static_cast<int*>(cls);
  return MHD_YES;
}

MHD_Result answer(void* cls, MHD_Connection* connection, const char* url, const char* method, const char*,
                  const char*, size_t*, void** request_state) {
  // microhttpd 0.9.75 closes the connection after the answer when the answer is queued in the first call for a
  // request (before the request is known to be complete): the first call only marks the request as seen.
  static int seen = 0;
  if (*request_state == nullptr) {
    *request_state = &seen;
    return MHD_YES;
  }
  const auto& pages = *static_cast<const Pages*>(cls);
  int lines = 0;
  MHD_get_connection_values(connection, MHD_HEADER_KIND, count_header, &lines);
  if (lines > 100) return MHD_queue_response(connection, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, pages.too_many_headers);
  if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0)
    return MHD_queue_response(connection, MHD_HTTP_METHOD_NOT_ALLOWED, pages.not_allowed);
  if (std::strcmp(url, "/metrics") == 0) {
    const bool gzip = candidate::wants_gzip(MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Accept-Encoding"));
    return MHD_queue_response(connection, MHD_HTTP_OK, gzip ? pages.gzip : pages.plain);
  }
  if (std::strcmp(url, "/-/healthy") == 0) return MHD_queue_response(connection, MHD_HTTP_OK, pages.healthy);
  return MHD_queue_response(connection, MHD_HTTP_NOT_FOUND, pages.not_found);
}

}  // namespace

int main(int argc, char** argv) try {
  const candidate::Args args = candidate::parse(argc, argv);
  const sigset_t stop = candidate::block_stop_signals();
  Pages pages;
  pages.gzip = fixed(args.gzip_body, candidate::kMetricsType);
  MHD_add_response_header(pages.gzip, "Content-Encoding", "gzip");
  MHD_add_response_header(pages.gzip, "Vary", "Accept-Encoding");
  pages.plain = fixed(args.plain_body, candidate::kMetricsType);
  MHD_add_response_header(pages.plain, "Vary", "Accept-Encoding");
  pages.healthy = fixed(candidate::kHealthy, "text/plain; charset=utf-8");
  pages.not_found = fixed("404 page not found\n", "text/plain; charset=utf-8");
  pages.not_allowed = fixed("method not allowed\n", "text/plain; charset=utf-8");
  MHD_add_response_header(pages.not_allowed, "Allow", "GET, HEAD");
  pages.too_many_headers = fixed("request header fields too large\n", "text/plain; charset=utf-8");
  MHD_add_response_header(pages.too_many_headers, "Connection", "close");

  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(args.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  MHD_Daemon* daemon = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, static_cast<std::uint16_t>(args.port), nullptr, nullptr,
      answer, &pages,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&address),
      MHD_OPTION_THREAD_POOL_SIZE, 2u,
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(candidate::kMaxConnections),
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(candidate::kHeadTimeoutSeconds),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(candidate::kMaxHeadBytes),
      MHD_OPTION_END);
  if (daemon == nullptr) {
    std::fprintf(stderr, "MHD_start_daemon failed on port %d\n", args.port);
    return 1;
  }
  candidate::announce(args.port);
  candidate::wait_for_stop(stop);
  MHD_stop_daemon(daemon);
  for (auto* response : {pages.gzip, pages.plain, pages.healthy, pages.not_found, pages.not_allowed,
                         pages.too_many_headers})
    MHD_destroy_response(response);
  return 0;
} catch (const std::exception& failure) {
  std::fprintf(stderr, "candidate_microhttpd: %s\n", failure.what());
  return 2;
}
