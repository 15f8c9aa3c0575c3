#include "raw_tcp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace rds_exporter::aws::testing {
namespace {

// Bound to 127.0.0.1 on a port the system picks; returns the socket and its port.
std::pair<int, int> bind_loopback() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind to 127.0.0.1");
  }
  return {fd, ntohs(address.sin_port)};
}

}  // namespace

RawTcpServer::RawTcpServer(Reply reply) : reply_(std::move(reply)) {
  std::tie(listener_, port_) = bind_loopback();
  if (listen(listener_, 16) != 0) {
    close(listener_);
    throw std::runtime_error("listen() failed");
  }
  thread_ = std::thread([this] { serve(); });
}

RawTcpServer::~RawTcpServer() {
  stopping_ = true;
  thread_.join();
  close(listener_);
}

std::vector<std::string> RawTcpServer::heads() const {
  const std::lock_guard lock(mutex_);
  return heads_;
}

void RawTcpServer::serve() {
  while (!stopping_) {
    pollfd waiting{listener_, POLLIN, 0};
    if (poll(&waiting, 1, 50) <= 0) continue;
    const int connection = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    answer(connection);
    close(connection);
  }
}

void RawTcpServer::answer(int connection) {
  const timeval receive_timeout{2, 0};
  setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &receive_timeout, sizeof(receive_timeout));
  std::string head;
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    const ssize_t received = recv(connection, buffer, sizeof(buffer), 0);
    if (received <= 0) break;
    head.append(buffer, static_cast<size_t>(received));
  }
  const std::string reply = reply_(head);
  {
    const std::lock_guard lock(mutex_);
    heads_.push_back(std::move(head));
  }
  for (size_t sent = 0; sent < reply.size();) {
    const ssize_t written = send(connection, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
    if (written <= 0) break;
    sent += static_cast<size_t>(written);
  }
}

int unused_loopback_port() {
  const auto [fd, port] = bind_loopback();
  close(fd);
  return port;
}

}  // namespace rds_exporter::aws::testing
