#include "aws/client/service_client.h"

#include "aws/protocol/query_protocol.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <stop_token>

namespace rds_exporter::aws {
namespace {

using Clock = std::chrono::steady_clock;

// Generous bound for "promptly": every wait in the client wakes on the stop request itself.
constexpr auto kPromptly = std::chrono::seconds(3);

// Answers with `answer`, counts the requests and lets a test wait for the n-th one to arrive.
class SignallingTransport final : public HttpTransport {
 public:
  std::function<TransportResult(const OutgoingRequest&)> answer = [](const OutgoingRequest&) -> TransportResult {
    return common::HttpResponse{
        503, {}, "<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>"};
  };

  TransportResult send(const OutgoingRequest& request) override {
    {
      const std::lock_guard lock(mutex_);
      ++sent_;
    }
    arrived_.notify_all();
    return answer(request);
  }

  void wait_for(int requests) {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [&] { return sent_ >= requests; });
  }
  int sent() {
    const std::lock_guard lock(mutex_);
    return sent_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  int sent_ = 0;
};

// What CurlTransport does against a server that never answers: waits until the request's stop is requested.
TransportResult hang_until_stopped(const OutgoingRequest& request) {
  std::mutex mutex;
  std::condition_variable_any never;
  std::unique_lock lock(mutex);
  never.wait(lock, request.stop, [] { return false; });
  return common::Unexpected{TransportError{TransportErrorKind::cancelled, "GET http://x/: cancelled"}};
}

class ServiceClientCancelTest : public ::testing::Test {
 protected:
  // The default (real, stoppable) backoff sleep unless a test injects one; backoffs of 10 s and more.
  ServiceClient make_client(std::shared_ptr<RateLimiter> rate_limiter = nullptr) {
    ClientContext context;
    context.transport = &transport;
    context.metrics = &metrics;
    context.random01 = [] { return 1.0; };
    context.stop = stop.get_token();
    ServiceClientOptions options{kRdsService,
                                 "eu-west-1",
                                 Endpoint{"https://rds.eu-west-1.amazonaws.com", "rds.eu-west-1.amazonaws.com", "t"},
                                 nullptr,
                                 RetryPolicy{5, std::chrono::seconds(10)},
                                 std::make_shared<RetryQuota>(),
                                 std::move(rate_limiter)};
    return ServiceClient(std::move(context), std::move(options));
  }

  static CallResult describe(const ServiceClient& client) {
    return client.call("DescribeDBInstances", make_query_request("DescribeDBInstances", "2014-10-31", {}),
                       decode_query_error);
  }

  // Runs describe() on another thread, requests stop once `ready` returned, and checks that the call ended
  // with Cancelled promptly.
  AwsError describe_and_stop(const ServiceClient& client, const std::function<void()>& ready) {
    auto calling = std::async(std::launch::async, [&] { return describe(client); });
    ready();
    const auto asked = Clock::now();
    stop.request_stop();
    auto result = calling.get();
    EXPECT_LT(Clock::now() - asked, kPromptly);
    EXPECT_FALSE(result);
    if (result) return {};
    EXPECT_EQ(result.error().kind, ErrorKind::cancelled);
    EXPECT_EQ(result.error().code, "Cancelled");
    EXPECT_FALSE(result.error().retryable);
    return std::move(result).error();
  }

  std::stop_source stop;
  SignallingTransport transport;
  AwsClientMetrics metrics;
};

TEST_F(ServiceClientCancelTest, AStoppedTokenSendsNothing) {
  stop.request_stop();
  const auto result = describe(make_client());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::cancelled);
  EXPECT_EQ(result.error().code, "Cancelled");
  EXPECT_EQ(result.error().attempts, 0);
  EXPECT_EQ(transport.sent(), 0);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "cancelled"}), 0);
}

TEST_F(ServiceClientCancelTest, AStopEndsTheBackoffBeforeARetry) {
  const auto client = make_client();
  describe_and_stop(client, [&] { transport.wait_for(1); });
  // The 503 was counted; the 10 s backoff after it was cut short and no retry went out.
  EXPECT_EQ(transport.sent(), 1);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "server_error"}), 1);
}

TEST_F(ServiceClientCancelTest, AStopEndsTheRateLimitersWait) {
  // One request per 1000 s: the second call waits for its token.
  const auto client = make_client(std::make_shared<RateLimiter>(0.001));
  transport.answer = [](const OutgoingRequest&) -> TransportResult { return common::HttpResponse{200, {}, "<Ok/>"}; };
  ASSERT_TRUE(describe(client));
  describe_and_stop(client, [] {});
  EXPECT_EQ(transport.sent(), 1);
}

TEST_F(ServiceClientCancelTest, AStopAbandonsATransferThatNeverEndsAndIsNotRetried) {
  transport.answer = hang_until_stopped;
  const auto client = make_client();
  const AwsError error = describe_and_stop(client, [&] { transport.wait_for(1); });
  EXPECT_EQ(error.attempts, 1);
  EXPECT_EQ(transport.sent(), 1);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "cancelled"}), 1);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "network_error"}), 0);
  EXPECT_EQ(metrics.retries().value({"", "", "rds", "DescribeDBInstances"}), 0);
}

TEST_F(ServiceClientCancelTest, TheRequestCarriesTheContextsStopToken) {
  bool carried = false;
  transport.answer = [&](const OutgoingRequest& request) -> TransportResult {
    carried = request.stop == stop.get_token();
    return common::HttpResponse{200, {}, "<Ok/>"};
  };
  ASSERT_TRUE(describe(make_client()));
  EXPECT_TRUE(carried);
}

}  // namespace
}  // namespace rds_exporter::aws
