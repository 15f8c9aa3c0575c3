#include "sim/server/socket_stream.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rds_exporter::sim {
namespace {

// Per thread, because httplib handles a request and writes its response on the connection's one thread.
thread_local bool drop_requested = false;

bool poll_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  int ready = 0;
  do {
    ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

using NameOf = int (*)(int, sockaddr*, socklen_t*);

void numeric_address(int fd, NameOf name_of, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (name_of(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof host, service, sizeof service,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return;
  }
  ip = host;
  port = std::atoi(service);
}

}  // namespace

SocketStream::SocketStream(int fd, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout)
    : fd_(fd), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

bool SocketStream::wait_for_request(std::chrono::milliseconds idle_timeout) const {
  return buffer_begin_ < buffer_end_ || poll_for(fd_, POLLIN, idle_timeout);
}

bool SocketStream::is_readable() const { return buffer_begin_ < buffer_end_ || poll_for(fd_, POLLIN, read_timeout_); }

bool SocketStream::is_writable() const { return poll_for(fd_, POLLOUT, write_timeout_); }

ssize_t SocketStream::read(char* ptr, std::size_t size) {
  if (buffer_begin_ == buffer_end_) {
    if (!is_readable()) return -1;
    ssize_t received = 0;
    do {
      received = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    } while (received < 0 && errno == EINTR);
    if (received <= 0) return received;
    buffer_begin_ = 0;
    buffer_end_ = static_cast<std::size_t>(received);
  }
  const std::size_t n = std::min(size, buffer_end_ - buffer_begin_);
  std::memcpy(ptr, buffer_.data() + buffer_begin_, n);
  buffer_begin_ += n;
  return static_cast<ssize_t>(n);
}

void SocketStream::drop_current_connection() { drop_requested = true; }

void SocketStream::keep_current_connection() { drop_requested = false; }

ssize_t SocketStream::write(const char* ptr, std::size_t size) {
  if (drop_requested) {
    ::shutdown(fd_, SHUT_RDWR);
    return -1;
  }
  if (!is_writable()) return -1;
  ssize_t sent = 0;
  do {
    // MSG_NOSIGNAL: a client that hung up must cost an error return, not a SIGPIPE.
    sent = ::send(fd_, ptr, size, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  numeric_address(fd_, ::getpeername, ip, port);
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
  numeric_address(fd_, ::getsockname, ip, port);
}

socket_t SocketStream::socket() const { return fd_; }

}  // namespace rds_exporter::sim
