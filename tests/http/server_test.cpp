#include "http/server.h"

#include "exposition/gzip_join.h"
#include "exposition/text_format.h"
#include "http/routes.h"
#include "raw_connection.h"

#include "../exposition/gunzip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rds_exporter::http {
namespace {

using ::testing::HasSubstr;
using rds_exporter::testing::gunzip;
using ::testing::Not;
using ::testing::Optional;
using testing::RawConnection;
using Clock = std::chrono::steady_clock;

const std::string kBody =
    "# HELP rds_up Whether the instance answered.\n# TYPE rds_up gauge\nrds_up{instance=\"db-1\"} 1\n";

// Hangs fail a test after the bound instead of hanging the suite; speed is measured elsewhere.
constexpr auto kPromptly = std::chrono::seconds(3);

class FakeProviders {
 public:
  void set_metrics(std::string body) {
    std::lock_guard lock(mutex_);
    metrics_ = std::move(body);
  }
  void fail_metrics() {
    std::lock_guard lock(mutex_);
    metrics_fail_ = true;
  }
  void set_health(Health health) {
    std::lock_guard lock(mutex_);
    health_ = std::move(health);
  }

  // Whether the last scrape accepted gzip, as the server told the provider.
  bool last_gzip_accepted() {
    std::lock_guard lock(mutex_);
    return last_gzip_accepted_;
  }

  // Gzips when allowed, as the exporter's page does.
  MetricsProvider metrics() {
    return [this](bool gzip_accepted) {
      std::lock_guard lock(mutex_);
      last_gzip_accepted_ = gzip_accepted;
      if (metrics_fail_) throw std::runtime_error("snapshot unavailable");
      if (!gzip_accepted) return MetricsBody{metrics_, false};
      return MetricsBody{exposition::gzip_join(exposition::deflate_prefix(metrics_), ""), true};
    };
  }
  HealthProvider health() {
    return [this] {
      std::lock_guard lock(mutex_);
      return health_;
    };
  }

 private:
  std::mutex mutex_;
  std::string metrics_ = kBody;
  bool metrics_fail_ = false;
  bool last_gzip_accepted_ = false;
  Health health_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(ServerOptions{"127.0.0.1", 0, "1.2.3-test"}, providers_.metrics(),
                                       providers_.health());
    ASSERT_EQ(server_->start(), std::nullopt);
    ASSERT_NE(server_->port(), 0);
  }

  httplib::Client client() const {
    httplib::Client http("127.0.0.1", server_->port());
    http.set_connection_timeout(std::chrono::seconds(2));
    http.set_read_timeout(std::chrono::seconds(5));
    return http;
  }

  // Sends `requests` on a fresh connection; returns what came back until `marker` arrived.
  std::string exchange(const std::string& requests, const std::string& marker) {
    RawConnection connection(server_->port());
    EXPECT_TRUE(connection.connected());
    connection.send(requests);
    return connection.read_until(marker);
  }

  // Stops and reports how long it took.
  Clock::duration timed_stop() {
    const auto started = Clock::now();
    server_->stop();
    return Clock::now() - started;
  }

  FakeProviders providers_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, MetricsCarryTheProviderBodyAndTheTextContentType) {
  const auto response = client().Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), exposition::kTextContentType);
  EXPECT_FALSE(response->has_header("Content-Encoding"));
  EXPECT_EQ(response->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(response->body, kBody);
}

std::string large_body() {
  std::string large;
  for (int i = 0; i < 2000; ++i) large += "rds_up{instance=\"db-" + std::to_string(i) + "\"} 1\n";
  return large;
}

// Asks with the given Accept-Encoding and reads the body exactly as it came over the wire.
httplib::Result get_raw(httplib::Client& http, const std::string& accept_encoding) {
  http.set_decompress(false);
  return http.Get("/metrics", {{"Accept-Encoding", accept_encoding}});
}

TEST_F(ServerTest, MetricsAreTheProvidersGzipBodyWhenTheClientAcceptsGzip) {
  const std::string large = large_body();
  providers_.set_metrics(large);
  auto http = client();
  const auto response = get_raw(http, "gzip");
  ASSERT_TRUE(response);
  EXPECT_TRUE(providers_.last_gzip_accepted());
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(response->get_header_value("Content-Type"), exposition::kTextContentType);
  EXPECT_EQ(response->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_LT(response->body.size(), large.size() / 4);
  // Exactly one layer: the inflated body is the provider's text, not another gzip stream.
  EXPECT_TRUE(gunzip(response->body) == large) << "the body is not the provider's single gzip layer";
}

TEST_F(ServerTest, MetricsArePlainWhenTheClientRefusesGzip) {
  const std::string large = large_body();
  providers_.set_metrics(large);
  // httplib itself would gzip or brotli-compress these, since it only looks for "gzip" or "br" in the header.
  for (const char* accept_encoding : {"gzip;q=0", "identity", "br", "deflate, br;q=1", "x-gzip;q=0, *;q=0.5", ""}) {
    auto http = client();
    const auto response = get_raw(http, accept_encoding);
    ASSERT_TRUE(response) << accept_encoding;
    EXPECT_FALSE(providers_.last_gzip_accepted()) << accept_encoding;
    EXPECT_FALSE(response->has_header("Content-Encoding")) << accept_encoding;
    EXPECT_EQ(response->get_header_value("Vary"), "Accept-Encoding") << accept_encoding;
    EXPECT_TRUE(response->body == large) << accept_encoding;
  }
}

TEST_F(ServerTest, AWildcardAcceptEncodingGetsGzip) {
  auto http = client();
  const auto response = get_raw(http, "br;q=1, *;q=0.1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(response->body), kBody);
}

TEST_F(ServerTest, AnEmptyMetricsBodyIsA200WithZeroLength) {
  providers_.set_metrics("");
  const auto reply =
      exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "404 page not found\n");
  EXPECT_THAT(reply, HasSubstr("HTTP/1.1 200 OK"));
  EXPECT_THAT(reply, HasSubstr("Content-Length: 0\r\n"));
  EXPECT_THAT(reply, HasSubstr("HTTP/1.1 404"));
}

TEST_F(ServerTest, MetricsProviderFailureIsA500WithoutDetails) {
  providers_.fail_metrics();
  const auto response = client().Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(response->body, Not(HasSubstr("snapshot unavailable")));
  for (const auto& [name, value] : response->headers) EXPECT_THAT(value, Not(HasSubstr("snapshot"))) << name;
}

TEST_F(ServerTest, HealthyIs200WithStatusOk) {
  const auto response = client().Get("/health");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(response->body), nlohmann::json({{"status", "ok"}}));
}

TEST_F(ServerTest, UnhealthyIs503WithTheReason) {
  providers_.set_health({false, "no successful collection for 300s"});
  const auto response = client().Get("/health");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(nlohmann::json::parse(response->body),
            nlohmann::json({{"status", "unhealthy"}, {"reason", "no successful collection for 300s"}}));
}

TEST_F(ServerTest, DrainingReportsShuttingDownButStillServesMetrics) {
  server_->drain();
  const auto health = client().Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(nlohmann::json::parse(health->body),
            nlohmann::json({{"status", "unhealthy"}, {"reason", "shutting down"}}));
  const auto metrics = client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
}

TEST_F(ServerTest, LandingPageShowsTheVersionAndLinksTheEndpoints) {
  const auto response = client().Get("/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(response->body, HasSubstr("1.2.3-test"));
  EXPECT_THAT(response->body, HasSubstr("href=\"/metrics\""));
  EXPECT_THAT(response->body, HasSubstr("href=\"/health\""));
}

TEST_F(ServerTest, UnknownPathsAre404PlainText) {
  for (const char* path : {"/nope", "/metrics/extra", "/metricsx", "/health/"}) {
    const auto response = client().Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 404) << path;
    EXPECT_EQ(response->get_header_value("Content-Type"), "text/plain; charset=utf-8") << path;
  }
}

TEST_F(ServerTest, QueryStringsDoNotChangeTheRoute) {
  const auto response = client().Get("/metrics?name[]=rds_up");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, MethodsOtherThanGetAndHeadAre405WithAllow) {
  auto http = client();
  for (const char* path : {"/metrics", "/health", "/", "/nope"}) {
    for (const auto& response : {http.Post(path, "x=1", "text/plain"), http.Put(path, "x=1", "text/plain"),
                                 http.Delete(path), http.Patch(path, "x", "text/plain"), http.Options(path)}) {
      ASSERT_TRUE(response) << path;
      EXPECT_EQ(response->status, 405) << path;
      EXPECT_EQ(response->get_header_value("Allow"), "GET, HEAD") << path;
    }
  }
}

TEST_F(ServerTest, RejectedRequestBodiesAreNotReadAsTheNextRequest) {
  const auto reply = exchange(
      "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 33\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
      "method not allowed\n");
  EXPECT_THAT(reply, HasSubstr("405 Method Not Allowed"));
  EXPECT_THAT(reply, HasSubstr("Connection: close"));
}

TEST_F(ServerTest, HeadAnswersLikeGetWithoutABody) {
  const auto get = client().Get("/metrics");
  const auto head = client().Head("/metrics");
  ASSERT_TRUE(get && head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Type"), exposition::kTextContentType);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->body, "");
  for (const char* path : {"/health", "/", "/nope"}) {
    const auto response = client().Head(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->body, "") << path;
  }
}

TEST_F(ServerTest, HeadWithGzipAnnouncesTheGzipBody) {
  providers_.set_metrics(large_body());
  auto http = client();
  const auto get = get_raw(http, "gzip");
  const auto head = client().Head("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(get && head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->body, "");
}

TEST_F(ServerTest, RawHeadResponseCarriesNoBodyBytes) {
  const auto reply = exchange("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n",
                              "404 page not found\n");
  const auto head_end = reply.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(reply.compare(head_end + 4, 12, "HTTP/1.1 404"), 0) << reply;
}

TEST_F(ServerTest, PipelinedRequestsOnOneConnectionAreAllAnswered) {
  const auto reply =
      exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "404 page not found\n");
  EXPECT_THAT(reply, HasSubstr("200 OK"));
  EXPECT_THAT(reply, HasSubstr("404 Not Found"));
}

TEST_F(ServerTest, ASecondServerOnTheSamePortFailsWithAClearMessage) {
  Server second(ServerOptions{"127.0.0.1", server_->port(), "x"}, providers_.metrics(), providers_.health());
  EXPECT_THAT(second.start(), Optional("address 127.0.0.1:" + std::to_string(server_->port()) + " is already in use"));
  const auto response = client().Get("/health");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, StartingTwiceIsAnError) { EXPECT_NE(server_->start(), std::nullopt); }

TEST_F(ServerTest, StopReturnsPromptlyWithAnIdleKeepAliveConnection) {
  auto http = client();
  http.set_keep_alive(true);
  ASSERT_TRUE(http.Get("/metrics"));
  RawConnection idle(server_->port());
  ASSERT_TRUE(idle.connected());
  idle.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_THAT(idle.read_until(kBody), HasSubstr("Keep-Alive"));
  EXPECT_LT(timed_stop(), kPromptly);
  EXPECT_TRUE(idle.closed_by_server(std::chrono::seconds(1)));
}

TEST_F(ServerTest, StopReturnsPromptlyWithAHalfSentRequest) {
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.connected());
  slow.send("GET /metrics HTTP/1.1\r\nHo");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_LT(timed_stop(), kPromptly);
}

TEST_F(ServerTest, TheDestructorStopsARunningServerPromptly) {
  RawConnection idle(server_->port());
  ASSERT_TRUE(idle.connected());
  idle.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_THAT(idle.read_until("\"ok\""), HasSubstr("200 OK"));
  const auto started = Clock::now();
  server_.reset();
  EXPECT_LT(Clock::now() - started, kPromptly);
  EXPECT_TRUE(idle.closed_by_server(std::chrono::seconds(1)));
}

TEST_F(ServerTest, StopRightAfterStartDoesNotHang) {
  for (int i = 0; i < 20; ++i) {
    Server quick(ServerOptions{"127.0.0.1", 0, "x"}, providers_.metrics(), providers_.health());
    ASSERT_EQ(quick.start(), std::nullopt);
    const auto started = Clock::now();
    quick.stop();
    quick.stop();
    EXPECT_LT(Clock::now() - started, kPromptly);
  }
}

TEST(ServerStart, AnAddressThatIsNotLocalIsAClearError) {
  FakeProviders providers;
  // 192.0.2.0/24 is reserved for documentation, so no test machine holds it.
  Server server(ServerOptions{"192.0.2.1", 0, "x"}, providers.metrics(), providers.health());
  EXPECT_THAT(server.start(), Optional(HasSubstr("cannot listen on 192.0.2.1:0")));
}

TEST(ServerRequestLog, LogsMethodPathAndStatusAtDebugButNoHeaders) {
  std::ostringstream captured;
  auto logger = std::make_shared<spdlog::logger>("http", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  logger->set_level(spdlog::level::debug);
  spdlog::register_logger(logger);
  {
    FakeProviders providers;
    Server server(ServerOptions{"127.0.0.1", 0, "x"}, providers.metrics(), providers.health());
    ASSERT_EQ(server.start(), std::nullopt);
    httplib::Client http("127.0.0.1", server.port());
    ASSERT_TRUE(http.Get("/metrics", {{"Authorization", "Bearer secret-token"}}));
    ASSERT_TRUE(http.Get("/nope"));
    ASSERT_TRUE(http.Get("/a%0Aforged%20line"));
  }
  spdlog::drop("http");
  const std::string log = captured.str();
  EXPECT_THAT(log, HasSubstr("GET \"/metrics\" 200 "));
  EXPECT_THAT(log, HasSubstr("GET \"/nope\" 404 "));
  EXPECT_THAT(log, HasSubstr("GET \"/a\\nforged line\" 404 ")) << "a decoded newline must not start a log line";
  EXPECT_THAT(log, HasSubstr("ms"));
  EXPECT_THAT(log, Not(HasSubstr("secret-token")));
}

TEST(AcceptsGzip, FollowsTheAcceptEncodingHeader) {
  for (const char* yes : {"gzip", "GZip", "x-gzip", "gzip, deflate, br", "deflate;q=1.0, gzip;q=0.5", " gzip ; q=1 ",
                          "*", "br, *;q=0.001", "gzip;Q=0.2", "gzip;level=9"}) {
    EXPECT_TRUE(accepts_gzip(yes)) << yes;
  }
  for (const char* no : {"", "identity", "br", "deflate", "gzip;q=0", "gzip; q=0.000", "*;q=0", "gzip;q=0, *",
                         "*, gzip;q=0", "gzip;q=nope", "gzipped", "gzip;q=-1"}) {
    EXPECT_FALSE(accepts_gzip(no)) << no;
  }
}

}  // namespace
}  // namespace rds_exporter::http
