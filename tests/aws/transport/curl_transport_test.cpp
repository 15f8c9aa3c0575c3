#include "aws/transport/curl_transport.h"

#include "common/text.h"

#include "loopback_http_server.h"
#include "make_request.h"
#include "raw_tcp_server.h"
#include "scoped_proxy_environment.h"

#include <gmock/gmock.h>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::aws {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::LoopbackHttpServer;
using testing::make_request;
using ::testing::Pair;
using testing::RawTcpServer;
using testing::ScopedProxyEnvironment;
using ::testing::UnorderedElementsAre;

// Header names as the handler saw them, without the REMOTE_ADDR and similar ones httplib adds itself.
std::vector<std::string> wire_header_names(const httplib::Request& request) {
  std::vector<std::string> names;
  for (const auto& [name, value] : request.headers) {
    const std::string lower = common::to_lower_ascii(name);
    if (lower != "remote_addr" && lower != "remote_port" && lower != "local_addr" && lower != "local_port") {
      names.push_back(lower);
    }
  }
  return names;
}

std::string gzip(const std::string& text) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string compressed(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  return compressed;
}

class CurlTransportTest : public ::testing::Test {
 protected:
  std::string url(const LoopbackHttpServer& server, const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server.port()) + path;
  }

  ScopedProxyEnvironment no_proxies_;
};

// GnuTLS's library constructor asks _gnutls_global_init_skip whether to initialise (libcurl loads GnuTLS for rtmp
// and ldap, which the transport never speaks): the lookup it makes must find the transport's answer, 1, and not
// GnuTLS's own weak default, 0, which costs about 0.9 MB resident.
TEST(CurlTransportLibraries, GnuTlsIsToldToSkipItsInitialisation) {
  using Skip = int (*)();
  const auto skip = reinterpret_cast<Skip>(dlsym(RTLD_DEFAULT, "_gnutls_global_init_skip"));
  ASSERT_NE(skip, nullptr);
  EXPECT_EQ(skip(), 1);
}

TEST_F(CurlTransportTest, SendsExactlyTheGivenHeadersAndBodyAndReturnsTheAnswer) {
  httplib::Request received;
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/sts", [&](const httplib::Request& request, httplib::Response& response) {
    received = request;
    response.status = 201;
    response.set_header("X-Amzn-RequestId", "req-1");
    response.set_content("<GetCallerIdentityResponse/>", "text/xml");
  });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  OutgoingRequest request;
  request.method = "POST";
  request.url = url(server, "/sts");
  request.headers = {{"Host", "sts.example.test:4443"},
                     {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"X-Amz-Date", "20240501T120000Z"},
                     {"Authorization", "AWS4-HMAC-SHA256 Credential=..."}};
  request.body = "Action=GetCallerIdentity&Version=2011-06-15";
  const auto result = transport.send(request);

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, "<GetCallerIdentityResponse/>");
  EXPECT_THAT(result->headers, Contains(Pair("x-amzn-requestid", "req-1")));
  EXPECT_THAT(result->headers, Contains(Pair("content-type", "text/xml")));
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.body, request.body);
  EXPECT_EQ(received.get_header_value("Host"), "sts.example.test:4443");
  EXPECT_EQ(received.get_header_value("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(received.get_header_value("X-Amz-Date"), "20240501T120000Z");
  EXPECT_THAT(wire_header_names(received), UnorderedElementsAre("host", "content-type", "x-amz-date", "authorization",
                                                                "content-length", "accept-encoding"));
}

TEST_F(CurlTransportTest, SendsEachMethodWithItsBody) {
  std::vector<std::pair<std::string, std::string>> received;
  std::mutex mutex;
  const auto record = [&](const httplib::Request& request, httplib::Response& response) {
    const std::lock_guard lock(mutex);
    received.emplace_back(request.method, request.body);
    response.set_content("answer", "text/plain");
  };
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/r", record).Put("/r", record).Delete("/r", record);
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  for (const auto& [method, body] : std::vector<std::pair<std::string, std::string>>{
           {"GET", ""}, {"PUT", "put body"}, {"DELETE", ""}, {"DELETE", "delete body"}}) {
    const auto result = transport.send(make_request(method, url(server, "/r"), body));
    ASSERT_TRUE(result) << method << ": " << result.error().message;
    EXPECT_EQ(result->body, "answer");
  }
  const auto head = transport.send(make_request("HEAD", url(server, "/r")));
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->body, "");

  const std::vector<std::pair<std::string, std::string>> expected{
      {"GET", ""}, {"PUT", "put body"}, {"DELETE", ""}, {"DELETE", "delete body"}, {"HEAD", ""}};
  EXPECT_EQ(received, expected);
}

TEST_F(CurlTransportTest, APostOrPutWithoutBodyStillSaysContentLengthZero) {
  std::vector<std::string> lengths;
  const auto record = [&](const httplib::Request& request, httplib::Response&) {
    lengths.push_back(request.get_header_value("Content-Length"));
  };
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/empty", record).Put("/empty", record);
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  ASSERT_TRUE(transport.send(make_request("POST", url(server, "/empty"))));
  ASSERT_TRUE(transport.send(make_request("PUT", url(server, "/empty"))));
  EXPECT_EQ(lengths, (std::vector<std::string>{"0", "0"}));
}

TEST_F(CurlTransportTest, ALargeBodyGoesWithoutExpectContinue) {
  httplib::Request received;
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/large", [&](const httplib::Request& request, httplib::Response&) { received = request; });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  const std::string body(2 * 1024 * 1024 + 7, 'x');
  const auto result = transport.send(make_request("POST", url(server, "/large"), body));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(received.body.size(), body.size());
  EXPECT_FALSE(received.has_header("Expect"));
}

// httplib drops empty headers, so this looks at the bytes on the wire.
TEST_F(CurlTransportTest, AHeaderWithAnEmptyValueIsSentEmpty) {
  RawTcpServer server([](const std::string&) { return std::string("HTTP/1.1 204 No Content\r\n\r\n"); });
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(
      make_request("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/", {}, {{"X-Empty", ""}}));

  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(server.heads().size(), 1U);
  EXPECT_THAT(server.heads()[0], HasSubstr("\r\nX-Empty:\r\n"));
}

TEST_F(CurlTransportTest, ReusesOneConnectionForSequentialRequests) {
  std::set<int> client_ports;
  auto routes = std::make_unique<httplib::Server>();
  routes->set_keep_alive_max_count(100);
  routes->Post("/", [&](const httplib::Request& request, httplib::Response& response) {
    client_ports.insert(request.remote_port);
    response.set_content("ok", "text/plain");
  });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  for (int i = 0; i < 5; ++i) {
    const auto result = transport.send(make_request("POST", url(server, "/"), "n=" + std::to_string(i)));
    ASSERT_TRUE(result) << result.error().message;
  }
  EXPECT_EQ(client_ports.size(), 1U);
}

TEST_F(CurlTransportTest, NeverHasMoreRequestsInFlightThanAllowed) {
  std::mutex mutex;
  int in_flight = 0;
  int most_in_flight = 0;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/slow", [&](const httplib::Request&, httplib::Response& response) {
    {
      const std::lock_guard lock(mutex);
      most_in_flight = std::max(most_in_flight, ++in_flight);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
      const std::lock_guard lock(mutex);
      --in_flight;
    }
    response.set_content("done", "text/plain");
  });
  LoopbackHttpServer server(std::move(routes));
  TransportSettings settings;
  settings.max_concurrent_requests = 2;
  CurlTransport transport(settings);

  std::atomic<int> succeeded = 0;
  std::vector<std::thread> callers;
  for (int i = 0; i < 6; ++i) {
    callers.emplace_back([&] {
      const auto result = transport.send(make_request("GET", url(server, "/slow")));
      if (result && result->status == 200 && result->body == "done") ++succeeded;
    });
  }
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(succeeded, 6);
  EXPECT_EQ(most_in_flight, 2);
}

TEST_F(CurlTransportTest, AcceptsGzipAndDecodesIt) {
  const std::string text(5000, 'a');
  std::string accept_encoding;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/gzip", [&](const httplib::Request& request, httplib::Response& response) {
    accept_encoding = request.get_header_value("Accept-Encoding");
    response.set_header("Content-Encoding", "gzip");
    response.set_content(gzip(text), "application/octet-stream");
  });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", url(server, "/gzip")));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_THAT(accept_encoding, HasSubstr("gzip"));
  EXPECT_EQ(result->header("content-encoding"), "gzip");
  EXPECT_EQ(result->body, text);
}

TEST_F(CurlTransportTest, ReturnsARedirectInsteadOfFollowingIt) {
  int followed = 0;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/moved",
              [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/elsewhere", 302); });
  routes->Get("/elsewhere", [&](const httplib::Request&, httplib::Response&) { ++followed; });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", url(server, "/moved")));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 302);
  EXPECT_EQ(result->header("location"), "/elsewhere");
  EXPECT_EQ(followed, 0);
}

TEST_F(CurlTransportTest, SendsThePathAsGiven) {
  std::string target;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get(".*", [&](const httplib::Request& request, httplib::Response&) { target = request.target; });
  LoopbackHttpServer server(std::move(routes));
  CurlTransport transport(TransportSettings{});

  ASSERT_TRUE(transport.send(make_request("GET", url(server, "/a/./b/../c%20d?x=%2F"))));
  EXPECT_EQ(target, "/a/./b/../c%20d?x=%2F");
}

}  // namespace
}  // namespace rds_exporter::aws
