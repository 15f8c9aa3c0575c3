#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::aws::testing {

// A TCP server on 127.0.0.1 that speaks no HTTP by itself, for answers no HTTP server library gives: for
// each connection it reads the request head (up to the blank line), records it, writes whatever `reply`
// returns for it (nothing at all is allowed) and closes the connection.
class RawTcpServer {
 public:
  using Reply = std::function<std::string(const std::string& head)>;

  explicit RawTcpServer(Reply reply);
  ~RawTcpServer();
  RawTcpServer(const RawTcpServer&) = delete;
  RawTcpServer& operator=(const RawTcpServer&) = delete;

  int port() const { return port_; }
  std::vector<std::string> heads() const;

 private:
  void serve();
  void answer(int connection);

  Reply reply_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> heads_;
  std::thread thread_;
};

// A port on 127.0.0.1 that was free a moment ago and has nothing listening on it.
int unused_loopback_port();

}  // namespace rds_exporter::aws::testing
