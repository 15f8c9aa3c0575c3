// HttpSender against a local receiver: the remote-write 1.0 headers, the body, each kind of authentication, and
// what it makes of the answers.
#include "remote_write/http_sender.h"

#include "remote_write.pb.h"

#include <httplib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace rds_exporter::remote_write {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::chrono_literals;

// A receiver on a free loopback port that answers `status` (and Retry-After, when set) and keeps the last request.
class Receiver {
 public:
  Receiver() {
    server_.Post("/api/v1/write", [this](const httplib::Request& request, httplib::Response& response) {
      const std::lock_guard lock(mutex_);
      last_ = request;
      response.status = status_;
      if (!retry_after_.empty()) response.set_header("Retry-After", retry_after_);
      response.set_content(status_ >= 400 ? "err: out of bounds\nsecond line" : "", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1/write"; }
  void answer(int status, std::string retry_after = "") {
    const std::lock_guard lock(mutex_);
    status_ = status;
    retry_after_ = std::move(retry_after);
  }
  httplib::Request last() {
    const std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  int status_ = 204;
  std::string retry_after_;
  httplib::Request last_;
};

std::string body() {
  const std::vector<PendingSample> samples{{{{"__name__", "rds_cpuutilization"}, {"region", "eu-west-1"}}, 7, 1000}};
  return encode_write_request(samples);
}

HttpSender sender(config::RemoteWriteTarget target) {
  return HttpSender({std::move(target), "rds_exporter/test", "eu-west-1", nullptr});
}

TEST(HttpSender, PostsTheRemoteWriteHeadersAndBody) {
  Receiver receiver;
  config::RemoteWriteTarget target;
  target.url = receiver.url();
  target.headers = {{"X-Scope-OrgID", "team-a"}};
  auto http = sender(target);
  const SendResult result = http.send(body(), {});
  EXPECT_EQ(result.status, 204);
  const auto request = receiver.last();
  EXPECT_EQ(request.get_header_value("Content-Encoding"), "snappy");
  EXPECT_EQ(request.get_header_value("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(request.get_header_value("X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_EQ(request.get_header_value("User-Agent"), "rds_exporter/test");
  EXPECT_EQ(request.get_header_value("X-Scope-OrgID"), "team-a");
  EXPECT_FALSE(request.has_header("Authorization"));
  const auto decoded = decode_write_request(request.body);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->timeseries(0).samples(0).value(), 7);
}

TEST(HttpSender, BasicAuthReadsThePasswordFileAtEachSend) {
  Receiver receiver;
  const auto file = std::filesystem::temp_directory_path() / ("rw-password-" + std::to_string(::getpid()));
  std::ofstream(file) << "first\n";
  config::RemoteWriteTarget target;
  target.url = receiver.url();
  target.basic_auth = config::RemoteWriteTarget::BasicAuth{"rds", std::nullopt, file.string()};
  auto http = sender(target);
  http.send(body(), {});
  EXPECT_EQ(receiver.last().get_header_value("Authorization"), "Basic cmRzOmZpcnN0");  // rds:first
  std::ofstream(file) << "second";
  http.send(body(), {});
  EXPECT_EQ(receiver.last().get_header_value("Authorization"), "Basic cmRzOnNlY29uZA==");  // rds:second
  std::filesystem::remove(file);
}

TEST(HttpSender, BearerTokenAndSigV4) {
  Receiver receiver;
  config::RemoteWriteTarget target;
  target.url = receiver.url();
  target.bearer_token = "tok";
  auto bearer = sender(target);
  bearer.send(body(), {});
  EXPECT_EQ(receiver.last().get_header_value("Authorization"), "Bearer tok");

  target.bearer_token.reset();
  target.sigv4 = config::RemoteWriteTarget::SigV4{"us-west-2", std::nullopt};
  HttpSender signed_sender({target, "rds_exporter/test", "eu-west-1", [] {
                              return common::Expected<aws::Credentials, std::string>(
                                  aws::Credentials{"AKIDEXAMPLE", "secret", "session", std::nullopt});
                            }});
  signed_sender.send(body(), {});
  const auto request = receiver.last();
  EXPECT_THAT(request.get_header_value("Authorization"),
              StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
  EXPECT_THAT(request.get_header_value("Authorization"), HasSubstr("/us-west-2/aps/aws4_request"));
  EXPECT_EQ(request.get_header_value("X-Amz-Security-Token"), "session");
}

TEST(HttpSender, ReportsStatusRetryAfterAndTheReceiversWordsOnOneLine) {
  Receiver receiver;
  config::RemoteWriteTarget target;
  target.url = receiver.url();
  auto http = sender(target);
  receiver.answer(429, "3");
  SendResult result = http.send(body(), {});
  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(result.retry_after, 3000ms);
  EXPECT_EQ(result.detail, "err: out of bounds second line");
  receiver.answer(503);
  result = http.send(body(), {});
  EXPECT_EQ(result.status, 503);
  EXPECT_FALSE(result.retry_after);
}

TEST(HttpSender, NoAnswerIsStatusZero) {
  config::RemoteWriteTarget target;
  target.url = "http://127.0.0.1:1/api/v1/write";
  target.timeout = 2s;
  auto http = sender(target);
  const SendResult result = http.send(body(), {});
  EXPECT_EQ(result.status, 0);
  EXPECT_FALSE(result.detail.empty());
}

}  // namespace
}  // namespace rds_exporter::remote_write

namespace rds_exporter::remote_write {
namespace {

TEST(ParseRetryAfter, TakesSecondsInAnyCaseAndNothingElse) {
  using std::chrono::milliseconds;
  EXPECT_EQ(parse_retry_after("Retry-After: 2\r\n"), milliseconds(2000));
  EXPECT_EQ(parse_retry_after("retry-after:0.25"), milliseconds(250));
  EXPECT_EQ(parse_retry_after("RETRY-AFTER: \t 0 \r\n"), milliseconds(0));
  // A receiver cannot make the sender wait longer than a day, or overflow it.
  EXPECT_EQ(parse_retry_after("Retry-After: 1e300"), milliseconds(86'400'000));
  for (const char* ignored : {"Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", "Retry-After: -1", "Retry-After: nan",
                              "Retry-After: inf", "Retry-After:", "Retry-After: 2s", "Content-Type: 2", "Retry-Afte",
                              ""}) {
    EXPECT_EQ(parse_retry_after(ignored), std::nullopt) << ignored;
  }
}

}  // namespace
}  // namespace rds_exporter::remote_write
