// cpp-httplib 0.11.4 (Debian libcpp-httplib-dev) as the exporter used it before the Beast server: the default
// thread pool (CPPHTTPLIB_THREAD_POOL_COUNT, fixed when Debian compiled libcpp-httplib.so: 8 workers here, one
// connection each; accepted connections beyond them queue without limit), TCP_NODELAY, a 10 s read timeout (an
// inactivity timeout per read, not a deadline for the head), a 60 s keep-alive timeout, and 431 for more than
// 100 header lines, counted in a pre-routing handler once the head is parsed. httplib has no connection cap and no
// cap on the head's total size (only 8,192 bytes per line, CPPHTTPLIB_HEADER_MAX_LENGTH).
#include <httplib.h>

#include <exception>
#include <thread>

#include "candidate_common.h"

int main(int argc, char** argv) try {
  const candidate::Args args = candidate::parse(argc, argv);
  const sigset_t stop = candidate::block_stop_signals();
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_read_timeout(candidate::kHeadTimeoutSeconds, 0);
  server.set_keep_alive_timeout(candidate::kIdleTimeoutSeconds);
  server.set_keep_alive_max_count(1000000);
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (request.headers.size() <= 100) return httplib::Server::HandlerResponse::Unhandled;
    response.status = 431;
    response.set_header("Connection", "close");
    response.set_content("request header fields too large\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/metrics", [&args](const httplib::Request& request, httplib::Response& response) {
    response.set_header("Vary", "Accept-Encoding");
    const bool gzip = candidate::wants_gzip(request.get_header_value("Accept-Encoding").c_str());
    if (gzip) response.set_header("Content-Encoding", "gzip");
    const std::string& body = gzip ? args.gzip_body : args.plain_body;
    // A content provider over the bytes in memory, as the exporter's routes served a shared page (no copy).
    response.set_content_provider(body.size(), std::string(candidate::kMetricsType),
                                  [&body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                    sink.write(body.data() + offset, length);
                                    return true;
                                  });
  });
  server.Get("/-/healthy", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(candidate::kHealthy), "text/plain; charset=utf-8");
  });
  if (!server.bind_to_port("127.0.0.1", args.port)) {
    std::fprintf(stderr, "cannot bind 127.0.0.1:%d\n", args.port);
    return 1;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  candidate::announce(args.port);
  candidate::wait_for_stop(stop);
  server.stop();
  listener.join();
  return 0;
} catch (const std::exception& failure) {
  std::fprintf(stderr, "candidate_httplib: %s\n", failure.what());
  return 2;
}
