#include "aws/transport/curl_transport.h"

#include "loopback_http_server.h"
#include "make_request.h"
#include "raw_tcp_server.h"
#include "scoped_proxy_environment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using testing::LoopbackHttpServer;
using testing::make_request;
using ::testing::Not;
using testing::RawTcpServer;
using testing::ScopedProxyEnvironment;
using testing::unused_loopback_port;
using Clock = std::chrono::steady_clock;

// Holds a handler until the test is done with it, so a timed-out request does not leave the server busy.
class Gate {
 public:
  void wait(std::chrono::milliseconds at_most) {
    std::unique_lock lock(mutex_);
    opened_.wait_for(lock, at_most, [this] { return open_; });
  }
  void open() {
    {
      const std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

std::string loopback_url(int port, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

class CurlTransportFailureTest : public ::testing::Test {
 protected:
  // A handler that answers only after three seconds, or when the test opens the gate.
  std::unique_ptr<LoopbackHttpServer> slow_server() {
    auto routes = std::make_unique<httplib::Server>();
    routes->Get("/slow", [this](const httplib::Request&, httplib::Response& response) {
      gate_.wait(std::chrono::seconds(3));
      response.set_content("late", "text/plain");
    });
    return std::make_unique<LoopbackHttpServer>(std::move(routes));
  }

  ScopedProxyEnvironment no_proxies_;
  Gate gate_;
};

TEST_F(CurlTransportFailureTest, GivesUpAfterTheTotalTimeout) {
  const auto server = slow_server();
  TransportSettings settings;
  settings.total_timeout = std::chrono::milliseconds(200);
  CurlTransport transport(settings);

  const auto started = Clock::now();
  const auto result = transport.send(make_request("GET", loopback_url(server->port(), "/slow")));
  const auto took = Clock::now() - started;
  gate_.open();

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::timed_out) << result.error().message;
  EXPECT_LT(took, std::chrono::milliseconds(2500));
}

TEST_F(CurlTransportFailureTest, ARequestCanShortenTheTimeout) {
  const auto server = slow_server();
  CurlTransport transport(TransportSettings{});

  auto request = make_request("GET", loopback_url(server->port(), "/slow"));
  request.total_timeout = std::chrono::milliseconds(200);
  const auto started = Clock::now();
  const auto result = transport.send(request);
  const auto took = Clock::now() - started;
  gate_.open();

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::timed_out) << result.error().message;
  EXPECT_LT(took, std::chrono::milliseconds(2500));
}

TEST_F(CurlTransportFailureTest, AConnectionClosedWithoutAnswerIsBroken) {
  RawTcpServer server([](const std::string&) { return std::string(); });
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("POST", loopback_url(server.port(), "/"), "x"));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::connection_broken) << result.error().message;
  EXPECT_EQ(server.heads().size(), 1U);
}

TEST_F(CurlTransportFailureTest, ATruncatedAnswerIsBroken) {
  RawTcpServer server(
      [](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"); });
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", loopback_url(server.port(), "/")));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::connection_broken) << result.error().message;
}

TEST_F(CurlTransportFailureTest, AClosedPortIsAConnectFailure) {
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", loopback_url(unused_loopback_port(), "/")));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::connect_failed) << result.error().message;
}

TEST_F(CurlTransportFailureTest, MessagesNameHostAndPathButNeverTheQuery) {
  CurlTransport transport(TransportSettings{});
  const int port = unused_loopback_port();

  const auto result =
      transport.send(make_request("GET", loopback_url(port, "/federation/credentials?X-Amz-Signature=s3cr3t")));

  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("127.0.0.1:" + std::to_string(port) + "/federation/credentials"));
  EXPECT_THAT(result.error().message, Not(HasSubstr("s3cr3t")));
}

TEST_F(CurlTransportFailureTest, RefusesPlainHttpToAnyHostButLoopbackWithoutConnecting) {
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", "http://example.com/?token=s3cr3t"));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::refused);
  EXPECT_THAT(result.error().message, HasSubstr("example.com"));
  EXPECT_THAT(result.error().message, HasSubstr("https is required"));
  EXPECT_THAT(result.error().message, Not(HasSubstr("s3cr3t")));
}

TEST_F(CurlTransportFailureTest, AllowsPlainHttpToLoopback) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/",
              [](const httplib::Request&, httplib::Response& response) { response.set_content("hi", "text/plain"); });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const auto result =
        transport.send(make_request("GET", "http://" + host + ":" + std::to_string(server.port()) + "/"));
    ASSERT_TRUE(result) << host << ": " << result.error().message;
    EXPECT_EQ(result->body, "hi");
  }
}

TEST_F(CurlTransportFailureTest, RefusesWhatCannotBeSentAsGiven) {
  RawTcpServer server([](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); });
  CurlTransport transport(TransportSettings{});
  const std::string url = loopback_url(server.port(), "/");
  auto zero_timeout = make_request("GET", url);
  zero_timeout.total_timeout = std::chrono::milliseconds(0);

  const std::vector<OutgoingRequest> requests{
      make_request("GET", "not a url"),
      make_request("GET", "ftp://127.0.0.1/file"),
      make_request("PATCH", url),
      make_request("HEAD", url, "body"),
      make_request("GET", url, {}, {{"X-Token", "s3cr3t\r\nX-Injected: 1"}}),
      make_request("GET", url, {}, {{"X Bad", "v"}}),
      make_request("GET", url, {}, {{"", "v"}}),
      zero_timeout,
  };
  for (const auto& request : requests) {
    const auto result = transport.send(request);
    ASSERT_FALSE(result) << request.method << " " << request.url;
    EXPECT_EQ(result.error().kind, TransportErrorKind::refused) << result.error().message;
    EXPECT_THAT(result.error().message, Not(HasSubstr("s3cr3t")));
  }
  EXPECT_TRUE(server.heads().empty());
}

TEST(CurlTransportSettings, RejectsSettingsThatCannotWork) {
  TransportSettings no_requests;
  no_requests.max_concurrent_requests = 0;
  EXPECT_THROW(CurlTransport{no_requests}, std::invalid_argument);
  TransportSettings no_time;
  no_time.total_timeout = std::chrono::milliseconds(0);
  EXPECT_THROW(CurlTransport{no_time}, std::invalid_argument);
}

}  // namespace
}  // namespace rds_exporter::aws
