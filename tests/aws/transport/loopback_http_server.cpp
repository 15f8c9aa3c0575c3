#include "loopback_http_server.h"

#include <chrono>
#include <stdexcept>

namespace rds_exporter::aws::testing {

LoopbackHttpServer::LoopbackHttpServer(std::unique_ptr<httplib::Server> server) : server_(std::move(server)) {
  if (!server_->is_valid()) throw std::runtime_error("the test server is not valid (missing certificate?)");
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind the test server to 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() before listening has begun would be lost, and the destructor would wait forever.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

LoopbackHttpServer::~LoopbackHttpServer() {
  server_->stop();
  thread_.join();
}

}  // namespace rds_exporter::aws::testing
