#pragma once

#include <httplib.h>

#include <memory>
#include <thread>

namespace rds_exporter::aws::testing {

// Runs an httplib server, routes already set up, on 127.0.0.1 and a port the system picks, until destroyed.
class LoopbackHttpServer {
 public:
  explicit LoopbackHttpServer(std::unique_ptr<httplib::Server> server);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace rds_exporter::aws::testing
