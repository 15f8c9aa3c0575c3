// The whole AWS layer (session, ServiceClient, CurlTransport) against a server that takes the request and never
// answers: a stop request ends the call.
#include "aws/session/aws_session.h"

#include "../credentials/temp_home.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <stop_token>

namespace rds_exporter::aws {
namespace {

using Clock = std::chrono::steady_clock;

// A server on 127.0.0.1 that reads one request and never answers it; says when the request has arrived.
class NeverAnsweringServer {
 public:
  NeverAnsweringServer() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 || listen(fd_, 16) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    reader_ = std::async(std::launch::async, [this] { return read_one_request(); });
  }
  ~NeverAnsweringServer() {
    // Ends a still blocked accept() or recv(); the connection closes with the reader's result.
    shutdown(fd_, SHUT_RDWR);
    if (reader_.valid()) reader_.wait();
    close(fd_);
    if (connection_ >= 0) close(connection_);
  }
  NeverAnsweringServer(const NeverAnsweringServer&) = delete;
  NeverAnsweringServer& operator=(const NeverAnsweringServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Blocks until a whole request head has arrived (true), or the server was shut down first (false).
  bool wait_for_request() { return reader_.get(); }

 private:
  bool read_one_request() {
    connection_ = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection_ < 0) return false;
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t received = recv(connection_, buffer, sizeof(buffer), 0);
      if (received <= 0) return false;
      head.append(buffer, static_cast<size_t>(received));
    }
    return true;
  }

  int fd_;
  int port_ = 0;
  int connection_ = -1;
  std::future<bool> reader_;
};

TEST(AwsSessionCancel, AStopRequestEndsACallTheServerNeverAnswers) {
  NeverAnsweringServer server;
  const testing::TempHome home;
  common::Environment environment = home.environment();
  environment["AWS_EC2_METADATA_DISABLED"] = "true";
  environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
  environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  config::Settings settings;
  settings.aws.region = "eu-west-1";
  settings.aws.endpoint_url = server.url();
  settings.aws.connect_timeout = std::chrono::seconds(60);
  settings.aws.request_timeout = std::chrono::seconds(60);
  settings.aws.rate_limit.rds = 0;

  std::stop_source stop;
  auto session = AwsSession::create(settings, environment, "rds_exporter/test", stop.get_token());
  ASSERT_TRUE(session) << session.error();
  auto calling = std::async(std::launch::async, [&] { return session.value()->rds().describe_db_instances(); });
  ASSERT_TRUE(server.wait_for_request());
  const auto asked = Clock::now();
  stop.request_stop();
  const auto result = calling.get();
  const auto took = Clock::now() - asked;

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "Cancelled");
  EXPECT_EQ(result.error().kind, ErrorKind::cancelled);
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_EQ(session.value()->metrics().requests().value({"", "eu-west-1", "rds", "DescribeDBInstances", "cancelled"}), 1);
}

}  // namespace
}  // namespace rds_exporter::aws
