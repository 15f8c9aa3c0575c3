#include "aws/client/service_client.h"

#include "aws/protocol/query_protocol.h"
#include "common/text.h"
#include "common/time_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <ctime>
#include <deque>
#include <mutex>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Answers from a script, and remembers what it was sent.
class ScriptedTransport final : public HttpTransport {
 public:
  void answer(TransportResult result) { script_.push_back(std::move(result)); }
  void answer(int status, std::string body, common::Headers headers = {}) {
    answer(common::HttpResponse{status, std::move(headers), std::move(body)});
  }

  TransportResult send(const OutgoingRequest& request) override {
    const std::lock_guard lock(mutex_);
    sent_.push_back(request);
    if (script_.empty()) return common::HttpResponse{200, {}, "<Ok/>"};
    auto next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  const std::vector<OutgoingRequest>& sent() const { return sent_; }

 private:
  std::mutex mutex_;
  std::deque<TransportResult> script_;
  std::vector<OutgoingRequest> sent_;
};

class CountingCredentials final : public CredentialsProvider {
 public:
  CredentialsResult credentials() override {
    ++fetches;
    if (fail) return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::failed, "no keys anywhere"}};
    return Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt};
  }
  void invalidate() override { ++invalidations; }
  std::string_view name() const override { return "test"; }

  int fetches = 0;
  int invalidations = 0;
  bool fail = false;
};

std::string query_error(std::string_view code, std::string_view message = "m") {
  return "<ErrorResponse><Error><Type>Sender</Type><Code>" + std::string(code) + "</Code><Message>" +
         std::string(message) + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
}

class ServiceClientTest : public ::testing::Test {
 protected:
  ServiceClient make_client(int max_attempts = 3, RetryMode mode = RetryMode::standard) {
    ClientContext context;
    context.transport = &transport;
    context.metrics = &metrics;
    context.clock_skew = clock_skew;
    context.random01 = [] { return 1.0; };
    context.sleep = [this](std::chrono::milliseconds delay) { sleeps.push_back(delay); };
    ServiceClientOptions options{kRdsService,
                                 "eu-west-1",
                                 Endpoint{"https://rds.eu-west-1.amazonaws.com", "rds.eu-west-1.amazonaws.com", "t"},
                                 credentials,
                                 RetryPolicy{max_attempts, std::chrono::milliseconds(100), mode},
                                 quota};
    return ServiceClient(std::move(context), std::move(options));
  }

  CallResult describe(const ServiceClient& client) {
    return client.call("DescribeDBInstances", make_query_request("DescribeDBInstances", "2014-10-31", {}),
                       decode_query_error);
  }

  ScriptedTransport transport;
  AwsClientMetrics metrics;
  std::shared_ptr<ClockSkew> clock_skew = std::make_shared<ClockSkew>();
  std::shared_ptr<CountingCredentials> credentials = std::make_shared<CountingCredentials>();
  std::shared_ptr<RetryQuota> quota = std::make_shared<RetryQuota>();
  std::vector<std::chrono::milliseconds> sleeps;
};

TEST_F(ServiceClientTest, SignsForTheServiceAndRegionAndSendsToTheEndpoint) {
  ASSERT_TRUE(describe(make_client()));
  ASSERT_EQ(transport.sent().size(), 1u);
  const OutgoingRequest& sent = transport.sent().front();
  EXPECT_EQ(sent.url, "https://rds.eu-west-1.amazonaws.com/");
  std::string authorization;
  std::string host;
  for (const auto& [name, value] : sent.headers) {
    if (common::equals_ignore_case_ascii(name, "authorization")) authorization = value;
    if (common::equals_ignore_case_ascii(name, "host")) host = value;
  }
  EXPECT_EQ(host, "rds.eu-west-1.amazonaws.com");
  EXPECT_THAT(authorization, HasSubstr("/eu-west-1/rds/aws4_request"));
  EXPECT_THAT(sent.body, HasSubstr("Action=DescribeDBInstances"));
}

TEST_F(ServiceClientTest, RetriesThrottlingWithGrowingBackoffAndSucceeds) {
  transport.answer(400, query_error("Throttling", "Rate exceeded"));
  transport.answer(400, query_error("Throttling", "Rate exceeded"));
  transport.answer(200, "<Ok/>");
  const auto result = describe(make_client());
  ASSERT_TRUE(result);
  EXPECT_EQ(transport.sent().size(), 3u);
  // Full jitter drawn at its maximum: base × 2^(retry − 1).
  EXPECT_THAT(sleeps, ElementsAre(std::chrono::milliseconds(100), std::chrono::milliseconds(200)));
  EXPECT_EQ(metrics.throttles().value({"", "", "rds", "DescribeDBInstances"}), 2);
  EXPECT_EQ(metrics.retries().value({"", "", "rds", "DescribeDBInstances"}), 2);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "throttled"}), 2);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "success"}), 1);
  // The successful call gave back what its last retry took.
  EXPECT_EQ(quota->available(), RetryQuota::kCapacity - RetryQuota::kRetryCost);
}

TEST_F(ServiceClientTest, GivesUpAfterTheAttemptBudgetWithTheLastError) {
  for (int i = 0; i < 5; ++i) transport.answer(503, query_error("ServiceUnavailable"));
  const auto result = describe(make_client(3));
  ASSERT_FALSE(result);
  EXPECT_EQ(transport.sent().size(), 3u);
  EXPECT_EQ(result.error().code, "ServiceUnavailable");
  EXPECT_EQ(result.error().attempts, 3);
  EXPECT_TRUE(result.error().retryable);
  EXPECT_EQ(result.error().request_id, "r-1");
}

TEST_F(ServiceClientTest, NeverRetriesAccessDeniedOrBadSignatures) {
  for (const char* code : {"AccessDenied", "SignatureDoesNotMatch", "InvalidClientTokenId", "ValidationError"}) {
    transport.answer(403, query_error(code));
    const auto before = transport.sent().size();
    const auto result = describe(make_client());
    ASSERT_FALSE(result) << code;
    EXPECT_EQ(transport.sent().size() - before, 1u) << code;
    EXPECT_FALSE(result.error().retryable) << code;
  }
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(ServiceClientTest, RetriesNetworkFailuresAtTheTimeoutCost) {
  transport.answer(TransportResult(common::Unexpected{TransportError{TransportErrorKind::timed_out, "slow"}}));
  transport.answer(200, "<Ok/>");
  ASSERT_TRUE(describe(make_client()));
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "network_error"}), 1);
  EXPECT_EQ(quota->available(), RetryQuota::kCapacity);
}

TEST_F(ServiceClientTest, AnEmptyRetryQuotaFailsAtOnceWithoutRetrying) {
  while (quota->try_acquire(RetryQuota::kRetryCost)) {
  }
  transport.answer(400, query_error("Throttling", "Rate exceeded"));
  const auto result = describe(make_client());
  ASSERT_FALSE(result);
  EXPECT_EQ(transport.sent().size(), 1u);
  EXPECT_TRUE(result.error().throttling);
  EXPECT_THAT(result.error().message, HasSubstr("retry quota is exhausted"));
  EXPECT_EQ(metrics.retry_quota_exhausted().value({"", "", "rds", "DescribeDBInstances"}), 1);
}

TEST_F(ServiceClientTest, LearnsAServerClockAndResignsOnceOutsideTheBudget) {
  const auto server_time =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::minutes(20);
  const std::time_t t = std::chrono::system_clock::to_time_t(server_time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 64> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  transport.answer(403, query_error("SignatureDoesNotMatch", "Signature expired"), {{"date", buffer.data()}});
  transport.answer(200, "<Ok/>");
  const auto result = describe(make_client(1));
  ASSERT_TRUE(result) << result.error().describe();
  ASSERT_EQ(transport.sent().size(), 2u);
  std::string second_date;
  for (const auto& [name, value] : transport.sent()[1].headers) {
    if (common::equals_ignore_case_ascii(name, "x-amz-date")) second_date = value;
  }
  const auto signed_at = common::parse_amz_date(second_date);
  ASSERT_TRUE(signed_at);
  EXPECT_LT(std::chrono::abs(*signed_at - server_time), std::chrono::seconds(5));
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(ServiceClientTest, ExpiredTokenFetchesFreshCredentialsOnce) {
  transport.answer(403, query_error("ExpiredToken"));
  transport.answer(403, query_error("ExpiredToken"));
  const auto result = describe(make_client(1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ExpiredToken");
  EXPECT_EQ(credentials->invalidations, 1);
  EXPECT_EQ(transport.sent().size(), 2u);
}

TEST_F(ServiceClientTest, MissingCredentialsFailWithoutSendingAnything) {
  credentials->fail = true;
  const auto result = describe(make_client());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::credentials);
  EXPECT_EQ(result.error().message, "no keys anywhere");
  EXPECT_TRUE(transport.sent().empty());
}

TEST_F(ServiceClientTest, AGarbledSuccessIsRetriedAsAMalformedAnswer) {
  transport.answer(200, "<DescribeDBInstancesResponse><Descr");
  transport.answer(200, "<Ok/>");
  int checks = 0;
  const auto result =
      make_client().call("DescribeDBInstances", make_query_request("DescribeDBInstances", "2014-10-31", {}),
                         decode_query_error, [&](const common::HttpResponse& response) -> std::optional<AwsError> {
                           ++checks;
                           if (response.body == "<Ok/>") return std::nullopt;
                           return AwsError{ErrorKind::malformed_response, "MalformedResponse", "truncated"};
                         });
  ASSERT_TRUE(result);
  EXPECT_EQ(checks, 2);
  EXPECT_EQ(metrics.requests().value({"", "", "rds", "DescribeDBInstances", "malformed_response"}), 1);
}

TEST_F(ServiceClientTest, StandardModeHasNoAdaptiveLimiter) {
  EXPECT_EQ(make_client(3, RetryMode::standard).options().adaptive_limiter, nullptr);
}

TEST_F(ServiceClientTest, AdaptiveModeLimitsTheClientOnceItIsThrottled) {
  // One attempt per call: a retry would wait for the limiter's first token on the wall clock.
  const ServiceClient client = make_client(1, RetryMode::adaptive);
  const auto limiter = client.options().adaptive_limiter;
  ASSERT_NE(limiter, nullptr);
  ASSERT_TRUE(describe(client));
  EXPECT_FALSE(limiter->enabled());
  transport.answer(400, query_error("Throttling", "Rate exceeded"));
  ASSERT_FALSE(describe(client));
  EXPECT_TRUE(limiter->enabled());
  // Each client has its own, as in the SDKs.
  EXPECT_NE(make_client(3, RetryMode::adaptive).options().adaptive_limiter, limiter);
}

TEST_F(ServiceClientTest, UnsignedCallsCarryNoAuthorization) {
  credentials = nullptr;
  ASSERT_TRUE(describe(make_client()));
  for (const auto& [name, value] : transport.sent().front().headers) {
    EXPECT_FALSE(common::equals_ignore_case_ascii(name, "authorization"));
  }
}

}  // namespace
}  // namespace rds_exporter::aws
