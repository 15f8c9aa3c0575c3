#include "http/server.h"

#include "exposition/text_format.h"
#include "raw_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <zlib.h>

#include <chrono>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rds_exporter::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using testing::RawConnection;
using Clock = std::chrono::steady_clock;

const std::string kBody =
    "# HELP rds_up Whether the instance answered.\n# TYPE rds_up gauge\nrds_up{instance=\"db-1\"} 1\n";

// Hangs fail a test after the bound instead of hanging the suite; speed is measured elsewhere.
constexpr auto kPromptly = std::chrono::seconds(3);

std::string gunzip(const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return "<inflateInit2 failed>";
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[4096];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return status == Z_STREAM_END ? out : "<corrupt gzip stream>";
}

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

  MetricsProvider metrics() {
    return [this] {
      std::lock_guard lock(mutex_);
      if (metrics_fail_) throw std::runtime_error("snapshot unavailable");
      return metrics_;
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
  EXPECT_EQ(response->body, kBody);
}

TEST_F(ServerTest, MetricsAreGzippedOnceWhenTheClientAcceptsGzip) {
  std::string large;
  for (int i = 0; i < 2000; ++i) large += "rds_up{instance=\"db-" + std::to_string(i) + "\"} 1\n";
  providers_.set_metrics(large);
  auto http = client();
  http.set_decompress(false);
  const auto response = http.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(response->get_header_value("Content-Type"), exposition::kTextContentType);
  EXPECT_LT(response->body.size(), large.size() / 4);
  // Exactly one layer: the inflated body is the provider's text, not another gzip stream.
  EXPECT_EQ(gunzip(response->body), large);
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

TEST_F(ServerTest, RawHeadResponseCarriesNoBodyBytes) {
  const auto reply =
      exchange("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "404 page not found\n");
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
  EXPECT_THAT(second.start(),
              Optional("address 127.0.0.1:" + std::to_string(server_->port()) + " is already in use"));
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

}  // namespace
}  // namespace rds_exporter::http
