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

#include <atomic>
#include <chrono>
#include <future>
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

  exposition::Format last_format() {
    std::lock_guard lock(mutex_);
    return last_format_;
  }

  // Gzips when allowed, as the exporter's page does.
  MetricsProvider metrics() {
    return [this](bool gzip_accepted, exposition::Format format) {
      std::lock_guard lock(mutex_);
      last_gzip_accepted_ = gzip_accepted;
      last_format_ = format;
      if (metrics_fail_) throw std::runtime_error("snapshot unavailable");
      if (!gzip_accepted) return MetricsBody::of(metrics_, false);
      return MetricsBody::of(exposition::gzip_join(exposition::deflate_prefix(metrics_), ""), true);
    };
  }
  HealthProvider health() {
    return [this] {
      std::lock_guard lock(mutex_);
      return health_;
    };
  }
  void set_ready(Health ready) {
    std::lock_guard lock(mutex_);
    ready_ = std::move(ready);
  }
  HealthProvider readiness() {
    return [this] {
      std::lock_guard lock(mutex_);
      return ready_;
    };
  }
  Handlers handlers(ReloadHandler reload = nullptr) { return {metrics(), health(), readiness(), std::move(reload)}; }

 private:
  std::mutex mutex_;
  std::string metrics_ = kBody;
  bool metrics_fail_ = false;
  bool last_gzip_accepted_ = false;
  exposition::Format last_format_ = exposition::Format::text;
  Health health_;
  Health ready_;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(ServerOptions{"127.0.0.1", 0, "1.2.3-test"}, providers_.handlers());
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
  EXPECT_EQ(response->get_header_value("Vary"), "Accept, Accept-Encoding");
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
  EXPECT_EQ(response->get_header_value("Vary"), "Accept, Accept-Encoding");
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
    EXPECT_EQ(response->get_header_value("Vary"), "Accept, Accept-Encoding") << accept_encoding;
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
  Server second(ServerOptions{"127.0.0.1", server_->port(), "x"}, providers_.handlers());
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
    Server quick(ServerOptions{"127.0.0.1", 0, "x"}, providers_.handlers());
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
  Server server(ServerOptions{"192.0.2.1", 0, "x"}, providers.handlers());
  EXPECT_THAT(server.start(), Optional(HasSubstr("cannot listen on 192.0.2.1:0")));
}

TEST(ServerRequestLog, LogsMethodPathAndStatusAtDebugButNoHeaders) {
  std::ostringstream captured;
  auto logger = std::make_shared<spdlog::logger>("http", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  logger->set_level(spdlog::level::debug);
  spdlog::register_logger(logger);
  {
    FakeProviders providers;
    Server server(ServerOptions{"127.0.0.1", 0, "x"}, providers.handlers());
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
  EXPECT_THAT(log, HasSubstr("GET \"/a%0Aforged%20line\" 404 ")) << "the target is logged as sent, never decoded";
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

TEST(NegotiateFormat, OpenMetricsOnlyWhenTheClientPrefersIt) {
  using exposition::Format;
  // What Prometheus 2.x sends by default.
  EXPECT_EQ(negotiate_format("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                             "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
            Format::openmetrics);
  for (const char* openmetrics : {"application/openmetrics-text", "Application/OpenMetrics-Text; version=1.0.0",
                                  "text/plain;q=0.5, application/openmetrics-text;q=0.9",
                                  // Equal quality: the more specific media type wins, as in goautoneg.
                                  "*/*, application/openmetrics-text",
                                  "application/openmetrics-text; version=\"1.0.0\"; charset=utf-8"}) {
    EXPECT_EQ(negotiate_format(openmetrics), Format::openmetrics) << openmetrics;
  }
  for (const char* text : {"", "text/plain", "*/*", "text/plain;version=0.0.4", "application/json",
                           "application/openmetrics-text;version=2.0.0", "application/openmetrics-text;q=0",
                           "text/plain, application/openmetrics-text;q=0.5",
                           "application/openmetrics-text;q=nope", ",,;;"}) {
    EXPECT_EQ(negotiate_format(text), Format::text) << text;
  }
}

TEST_F(ServerTest, MetricsSpeakOpenMetricsWhenAcceptAsksForIt) {
  const auto response =
      client().Get("/metrics", {{"Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_EQ(providers_.last_format(), exposition::Format::openmetrics);
}

namespace edge {

using namespace std::chrono_literals;

// A server with short bounds, so that each one shows within a test's patience.
class ServerEdgeTest : public ::testing::Test {
 protected:
  void start(ServerOptions options, ReloadHandler reload = nullptr) {
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(std::move(options), providers_.handlers(std::move(reload)));
    ASSERT_EQ(server_->start(), std::nullopt);
  }
  void start() { start(ServerOptions{}); }

  httplib::Client client() const {
    httplib::Client http("127.0.0.1", server_->port());
    http.set_connection_timeout(2s);
    http.set_read_timeout(5s);
    return http;
  }

  // The value of rds_exporter_http_connections_closed_total{reason}.
  double closed_count(const std::string& reason) const {
    for (const auto& family : server_->metrics()) {
      if (family.name != "rds_exporter_http_connections_closed_total") continue;
      for (const auto& sample : family.samples) {
        if (sample.labels.size() == 1 && sample.labels[0].value == reason) return sample.value;
      }
    }
    return -1;
  }

  double open_connections() const {
    for (const auto& family : server_->metrics()) {
      if (family.name == "rds_exporter_http_connections_open") return family.samples.at(0).value;
    }
    return -1;
  }

  // The server counts a timeout when its handler runs, which may be just after the client saw the close.
  double eventual_closed_count(const std::string& reason, double expected) const {
    for (int attempt = 0; attempt < 200 && closed_count(reason) != expected; ++attempt) std::this_thread::sleep_for(10ms);
    return closed_count(reason);
  }

  FakeProviders providers_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerEdgeTest, ATricklingClientIsClosedAtTheHeadDeadlineWhileOthersAreServed) {
  ServerOptions options;
  options.read_header_timeout = 300ms;
  start(options);
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.connected());
  slow.send("GET /metrics HTTP/1.1\r\n");
  bool closed = false;
  // One header line every 50 ms would go on for 3 s; the deadline ends it long before.
  for (int line = 0; line < 60 && !closed; ++line) {
    slow.send("X-Slow-" + std::to_string(line) + ": 1\r\n");
    const auto health = client().Get("/-/healthy");
    ASSERT_TRUE(health) << "a slow client held back another";
    EXPECT_EQ(health->status, 200);
    closed = slow.closed_by_server(50ms);
  }
  EXPECT_TRUE(closed) << "the slow client was still connected after 3 s";
  EXPECT_EQ(eventual_closed_count("read_header_timeout", 1), 1);
}

TEST_F(ServerEdgeTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 200ms;
  start(options);
  RawConnection idle(server_->port());
  idle.send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_THAT(idle.read_until("OK\n"), HasSubstr("200 OK"));
  EXPECT_TRUE(idle.closed_by_server(3s));
  EXPECT_EQ(eventual_closed_count("idle_timeout", 1), 1);
}

TEST_F(ServerEdgeTest, ManyIdleConnectionsDoNotHoldBackAScrape) {
  start();
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port()));
    if (i % 2 == 0) idle.back()->send("GET /metrics HTTP/1.1\r\nHo");
  }
  const auto started = Clock::now();
  const auto response = client().Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(Clock::now() - started, kPromptly);
}

TEST_F(ServerEdgeTest, ConnectionsBeyondTheLimitOfServedClientsAreAnswered503AndClosed) {
  ServerOptions options;
  options.max_connections = 3;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<RawConnection>(server_->port()));
    open.back()->send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_THAT(open.back()->read_until("OK\n"), HasSubstr("200 OK"));
  }
  RawConnection extra(server_->port());
  bool was_closed = false;
  EXPECT_THAT(extra.read_until_closed(3s, was_closed), HasSubstr("503 Service Unavailable"));
  EXPECT_TRUE(was_closed);
  EXPECT_EQ(closed_count("connection_limit"), 1);

  open.pop_back();
  // The freed place is taken by the next client (the server notices the close asynchronously).
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    const auto response = client().Get("/-/healthy");
    served = response && response->status == 200;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerEdgeTest, AtTheLimitTheOldestConnectionWithoutARequestMakesRoom) {
  ServerOptions options;
  options.max_connections = 3;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server_->port()));
    // Accepted one after another, so that "oldest" is the first.
    for (int attempt = 0; attempt < 200 && open_connections() < i + 1; ++attempt) std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(open_connections(), 3);
  const auto response = client().Get("/-/healthy");
  ASSERT_TRUE(response) << "idle connections kept a real client out";
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(closed_count("evicted"), 1);
  EXPECT_TRUE(idle[0]->closed_by_server(2s)) << "the oldest idle connection made room";
  EXPECT_FALSE(idle[2]->closed_by_server(50ms));
}

TEST_F(ServerEdgeTest, ARequestHeadOver16KiBIsRefusedWith431AndClosed) {
  start();
  RawConnection big(server_->port());
  big.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
  bool was_closed = false;
  EXPECT_THAT(big.read_until_closed(3s, was_closed), HasSubstr("431 Request Header Fields Too Large"));
  EXPECT_TRUE(was_closed);
  EXPECT_EQ(closed_count("header_too_large"), 1);
}

TEST_F(ServerEdgeTest, AClientStillSendingAHugeHeadReadsThe431) {
  start();
  RawConnection big(server_->port());
  // 100,000 header lines (about 1.5 MB) sent while the answer comes: the refusal must reach the client, not be
  // lost to a reset of the connection the server closes with unread bytes.
  std::thread sender([&big] {
    big.send("GET /metrics HTTP/1.1\r\nHost: x\r\n");
    const std::string lines = [] {
      std::string block;
      for (int i = 0; i < 1000; ++i) block += "X-Header-" + std::to_string(i) + ": v\r\n";
      return block;
    }();
    for (int block = 0; block < 100; ++block) big.send(lines);
  });
  bool was_closed = false;
  EXPECT_THAT(big.read_until_closed(5s, was_closed), HasSubstr("431 Request Header Fields Too Large"));
  sender.join();
}

std::string request_with_header_lines(int lines) {
  std::string request = "GET /-/healthy HTTP/1.1\r\nHost: x\r\n";
  for (int i = 1; i < lines; ++i) request += "X-" + std::to_string(i) + ": v\r\n";
  return request + "\r\n";
}

TEST_F(ServerEdgeTest, MoreThan100HeaderLinesAreRefusedWith431) {
  start();
  RawConnection at_limit(server_->port());
  at_limit.send(request_with_header_lines(100));
  EXPECT_THAT(at_limit.read_until("OK\n"), HasSubstr("200 OK"));
  RawConnection over(server_->port());
  over.send(request_with_header_lines(101));
  bool was_closed = false;
  EXPECT_THAT(over.read_until_closed(3s, was_closed), HasSubstr("431"));
  EXPECT_TRUE(was_closed);
}

TEST_F(ServerEdgeTest, AMalformedRequestIs400AndTheRestOfTheConnectionIsNotParsed) {
  start();
  for (const std::string& garbage : std::vector<std::string>{"GARBAGE\r\n\r\n", "GET / HTTP/9.9.9\r\n\r\n", "GET /metrics HTTP/1.1\r\nNo colon\r\n\r\n",
                                    std::string("GET /\0 HTTP/1.1\r\n\r\n", 18)}) {
    RawConnection connection(server_->port());
    connection.send(garbage + "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
    bool was_closed = false;
    const std::string reply = connection.read_until_closed(3s, was_closed);
    EXPECT_THAT(reply, HasSubstr("400 Bad Request")) << garbage;
    EXPECT_THAT(reply, Not(HasSubstr("200 OK"))) << garbage;
    EXPECT_TRUE(was_closed) << garbage;
  }
  EXPECT_EQ(closed_count("malformed_request"), 4);
}

TEST_F(ServerEdgeTest, LivenessIs200WheneverTheServerAnswers) {
  start();
  providers_.set_health({false, "no successful CloudWatch collection"});
  providers_.set_ready({false, "waiting"});
  server_->drain();
  const auto response = client().Get("/-/healthy");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "OK\n");
}

TEST_F(ServerEdgeTest, ReadinessFollowsTheProviderAndTurns503WhileDraining) {
  start();
  providers_.set_ready({false, "waiting for the first discovery and collection"});
  auto response = client().Get("/-/ready");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, "waiting for the first discovery and collection\n");
  providers_.set_ready({});
  response = client().Get("/-/ready");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  server_->drain();
  response = client().Get("/-/ready");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->body, "shutting down\n");
  EXPECT_EQ(client().Get("/metrics")->status, 200) << "draining still serves scrapes";
}

TEST_F(ServerEdgeTest, ReloadIs403WithoutTheLifecycleFlag) {
  start();
  const auto response = client().Post("/-/reload", "", "text/plain");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
}

TEST_F(ServerEdgeTest, ReloadReportsSuccessAndFailureAndOnlyTakesPost) {
  std::atomic<int> calls{0};
  start(ServerOptions{}, [&calls]() -> std::optional<std::string> {
    return ++calls == 1 ? std::nullopt : std::optional<std::string>("default.yaml:3: exporter.port: not a number");
  });
  auto response = client().Post("/-/reload", "", "text/plain");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  response = client().Post("/-/reload", "", "text/plain");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(response->body, HasSubstr("exporter.port: not a number"));
  response = client().Get("/-/reload");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->get_header_value("Allow"), "POST");
  EXPECT_EQ(calls, 2);
}

TEST_F(ServerEdgeTest, ASlowReloadDoesNotHoldBackScrapes) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  start(ServerOptions{}, [released]() -> std::optional<std::string> {
    released.wait();
    return std::nullopt;
  });
  auto reloading = std::async(std::launch::async, [this] { return client().Post("/-/reload", "", "text/plain"); });
  const auto scrape = client().Get("/metrics");
  ASSERT_TRUE(scrape);
  EXPECT_EQ(scrape->status, 200);
  release.set_value();
  const auto reloaded = reloading.get();
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->status, 200);
}

}  // namespace edge

}  // namespace
}  // namespace rds_exporter::http
