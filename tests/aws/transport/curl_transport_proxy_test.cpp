#include "aws/transport/curl_transport.h"

#include "loopback_http_server.h"
#include "make_request.h"
#include "raw_tcp_server.h"
#include "scoped_proxy_environment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoopbackHttpServer;
using testing::make_request;
using testing::RawTcpServer;
using testing::ScopedProxyEnvironment;
using ::testing::StartsWith;
using testing::unused_loopback_port;

// Answers every request itself, as a forwarding proxy would after fetching it.
std::string proxied_answer(const std::string&) {
  return "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nproxied";
}

std::string refused_tunnel(const std::string&) { return "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"; }

std::string loopback(int port) { return "127.0.0.1:" + std::to_string(port); }

class CurlTransportProxyTest : public ::testing::Test {
 protected:
  ScopedProxyEnvironment environment_;
};

TEST_F(CurlTransportProxyTest, SendsPlainHttpThroughHttpProxy) {
  RawTcpServer proxy(proxied_answer);
  environment_.set("http_proxy", "http://" + loopback(proxy.port()));
  CurlTransport transport(TransportSettings{});
  const std::string target = loopback(unused_loopback_port());

  const auto result =
      transport.send(make_request("GET", "http://" + target + "/latest/meta-data?x=1", {}, {{"Host", "signed.host"}}));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "proxied");
  const auto heads = proxy.heads();
  ASSERT_EQ(heads.size(), 1U);
  EXPECT_THAT(heads[0], StartsWith("GET http://" + target + "/latest/meta-data?x=1 HTTP/1.1\r\n"));
  EXPECT_THAT(heads[0], HasSubstr("\r\nHost: signed.host\r\n"));
}

class CurlTransportNoProxyTest : public CurlTransportProxyTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(CurlTransportNoProxyTest, BypassesTheProxyForHostsInNoProxy) {
  RawTcpServer proxy(proxied_answer);
  auto routes = std::make_unique<httplib::Server>();
  routes->Get(
      "/", [](const httplib::Request&, httplib::Response& response) { response.set_content("direct", "text/plain"); });
  LoopbackHttpServer server(std::move(routes));
  environment_.set("http_proxy", "http://" + loopback(proxy.port()));
  environment_.set(GetParam(), "169.254.169.254,127.0.0.1");
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", "http://" + loopback(server.port()) + "/"));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "direct");
  EXPECT_TRUE(proxy.heads().empty());
}

INSTANTIATE_TEST_SUITE_P(BothSpellings, CurlTransportNoProxyTest, ::testing::Values("no_proxy", "NO_PROXY"));

class CurlTransportHttpsProxyTest : public CurlTransportProxyTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(CurlTransportHttpsProxyTest, TunnelsHttpsThroughHttpsProxy) {
  RawTcpServer proxy(refused_tunnel);
  environment_.set(GetParam(), "http://" + loopback(proxy.port()));
  CurlTransport transport(TransportSettings{});
  const std::string target = loopback(unused_loopback_port());

  const auto result = transport.send(make_request("POST", "https://" + target + "/"));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::proxy_failed) << result.error().message;
  const auto heads = proxy.heads();
  ASSERT_EQ(heads.size(), 1U);
  EXPECT_THAT(heads[0], StartsWith("CONNECT " + target + " HTTP/1.1\r\n"));
}

INSTANTIATE_TEST_SUITE_P(BothSpellings, CurlTransportHttpsProxyTest, ::testing::Values("https_proxy", "HTTPS_PROXY"));

}  // namespace
}  // namespace rds_exporter::aws
