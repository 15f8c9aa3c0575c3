#include "sim/server/connection_server.h"

#include "sim/server/socket_stream.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rds_exporter::sim {
namespace {

using SteadyClock = std::chrono::steady_clock;

// httplib calls the logger from inside process_request on the thread serving the connection, so the
// loop below hands the request's start time over in a thread-local.
thread_local SteadyClock::time_point request_started;

std::chrono::milliseconds timeout(time_t seconds, time_t microseconds) {
  return std::chrono::ceil<std::chrono::milliseconds>(std::chrono::seconds(seconds) +
                                                      std::chrono::microseconds(microseconds));
}

}  // namespace

ConnectionServer::ConnectionServer(RequestLog log) {
  set_logger([log = std::move(log)](const httplib::Request& request, const httplib::Response& response) {
    log(request, response, SteadyClock::now() - request_started);
  });
}

void ConnectionServer::shutdown() {
  stop();
  connections_.shutdown_all();
}

bool ConnectionServer::process_and_close_socket(socket_t sock) {
  // httplib writes a response's headers and body separately; with Nagle's algorithm the body would wait for
  // the client's delayed ACK, about 40 ms per request on a kept-alive connection. Debian's cpp-httplib is a
  // compiled library whose Server never sets TCP_NODELAY on accepted sockets, so it is set here.
  const int no_delay = 1;
  setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &no_delay, sizeof no_delay);
  bool ok = false;
  if (connections_.add(sock)) {
    SocketStream stream(sock, timeout(read_timeout_sec_, read_timeout_usec_),
                        timeout(write_timeout_sec_, write_timeout_usec_));
    const std::chrono::seconds idle_timeout(keep_alive_timeout_sec_);
    for (std::size_t left = keep_alive_max_count_; left > 0 && stream.wait_for_request(idle_timeout); --left) {
      request_started = SteadyClock::now();
      SocketStream::keep_current_connection();
      bool connection_closed = false;
      ok = process_request(stream, left == 1, connection_closed, nullptr);
      if (!ok || connection_closed) break;
    }
    connections_.remove(sock);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace rds_exporter::sim
