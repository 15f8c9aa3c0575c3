#pragma once

#include "aws/client/aws_client_metrics.h"
#include "aws/credentials/credentials_provider.h"
#include "aws/endpoints/aws_service.h"
#include "aws/endpoints/endpoint_resolver.h"
#include "aws/protocol/aws_error.h"
#include "aws/retry/adaptive_rate_limiter.h"
#include "aws/retry/clock_skew.h"
#include "aws/retry/rate_limiter.h"
#include "aws/retry/retry_policy.h"
#include "aws/retry/retry_quota.h"
#include "aws/sigv4/sigv4_signer.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <chrono>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <type_traits>

namespace rds_exporter::aws {

using CallResult = common::Expected<common::HttpResponse, AwsError>;
// Reads the error document of a non-2xx answer in the service's protocol.
using ErrorDecoder = AwsError (*)(const common::HttpResponse&);

// What a service client shares with the others of the same process: one transport, one clock-skew
// estimate, the metrics, the stop token. Randomness and sleeping are injectable so that tests run retries
// without waiting.
struct ClientContext {
  HttpTransport* transport = nullptr;
  std::shared_ptr<ClockSkew> clock_skew = std::make_shared<ClockSkew>();
  // Shared so that every client reuses the derived signing keys (one HMAC chain per day and scope).
  std::shared_ptr<const SigV4Signer> signer = std::make_shared<SigV4Signer>();
  AwsClientMetrics* metrics = nullptr;
  // The scope the calls work for, as the metrics label them.
  ScopeLabels scope_labels;
  std::string user_agent = "rds_exporter";
  std::function<double()> random01;
  // The backoff between attempts. Default: a wait that ends early when `stop` is requested. A call checks
  // `stop` again after it.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Once stop is requested, every call of a client with this context ends promptly with ErrorKind::cancelled
  // ("Cancelled"): before sending, in the rate limiter's wait, in the backoff, while waiting for a connection
  // and during the HTTP transfer. A cancelled call is never retried. Default: never stops.
  std::stop_token stop;
  // Asked right before each attempt goes out, after the rate limiters' wait: false ends the call as cancelled, with
  // nothing sent. With Kubernetes coordination: whether this replica still holds the scope's Lease within its renew
  // deadline (coordination/shard_coordinator.h), so that a replica frozen past its lease sends nothing once it runs
  // again. Default: always.
  std::function<bool()> admitted;
};

struct ServiceClientOptions {
  AwsService service;
  std::string region;
  Endpoint endpoint;
  // Null for unsigned calls (STS AssumeRoleWithWebIdentity, the SSO portal).
  std::shared_ptr<CredentialsProvider> credentials;
  RetryPolicy retry_policy;
  // Shared by the clients of one service, as the SDKs share it per client.
  std::shared_ptr<RetryQuota> retry_quota = std::make_shared<RetryQuota>();
  // Null: no client-side limit.
  std::shared_ptr<RateLimiter> rate_limiter;
  // Adaptive retry mode's limiter (retry_policy.mode == adaptive), taken before each attempt after rate_limiter;
  // null: the client makes its own, as each SDK client has one.
  std::shared_ptr<AdaptiveRateLimiter> adaptive_limiter;
};

// Sends one operation to one AWS service: signs it (SigV4, clock-skew corrected), sends it, reads the
// error document of a failure, and retries as AWS's SDKs do in standard mode: throttling, 5xx and network
// failures, with exponential backoff and full jitter, within the retry quota; once more after correcting
// a skewed clock; once more with fresh credentials after ExpiredToken. In adaptive mode every attempt also
// waits for the client's AdaptiveRateLimiter, which learns from throttling answers. Logs one debug line per attempt
// (never a header or a body) and counts every attempt in AwsClientMetrics.
class ServiceClient {
 public:
  ServiceClient(ClientContext context, ServiceClientOptions options);

  // Checks a 2xx answer; an error it returns (a truncated or garbled body) is retried like a network failure.
  using ResponseCheck = std::function<std::optional<AwsError>(const common::HttpResponse&)>;

  // Takes the request, so that its body is kept once for every attempt, never copied.
  CallResult call(std::string_view operation, common::HttpRequest request, ErrorDecoder decode_error,
                  const ResponseCheck& check = {}) const;

  // call() with the answer parsed by `parse` (HttpResponse → Expected<T, AwsError>), whose failure counts
  // as a retryable malformed answer.
  template <typename Parse>
  auto call_and_parse(std::string_view operation, common::HttpRequest request, ErrorDecoder decode_error,
                      Parse&& parse) const -> std::invoke_result_t<Parse&, const common::HttpResponse&> {
    using Parsed = std::invoke_result_t<Parse&, const common::HttpResponse&>;
    std::optional<std::decay_t<decltype(std::declval<Parsed>().value())>> parsed;
    auto result = call(operation, std::move(request), decode_error,
                       [&](const common::HttpResponse& response) -> std::optional<AwsError> {
                         auto outcome = parse(response);
                         if (!outcome) return std::move(outcome).error();
                         parsed = std::move(outcome).value();
                         return std::nullopt;
                       });
    if (!result) return common::Unexpected{std::move(result).error()};
    return std::move(*parsed);
  }

  const ServiceClientOptions& options() const { return options_; }

 private:
  struct AttemptOutcome;
  // `head` is the request without its body, `body` the body and `body_sha256` its hash (empty for an unsigned
  // client).
  AttemptOutcome attempt_once(std::string_view operation, const common::HttpRequest& head,
                              const common::SharedText& body, const std::string& body_sha256, ErrorDecoder decode_error,
                              const ResponseCheck& check, int attempt) const;
  std::string url_for(const common::HttpRequest& request) const;

  ClientContext context_;
  ServiceClientOptions options_;
};

// Every page of a paginated operation: `fetch(next_token)` returns Expected<Page, AwsError>, `items(page)` the
// page's vector, which is moved into the result. A token handed back unchanged is a malformed answer: it would
// page forever, each call billed.
template <typename Fetch, typename Items>
auto all_pages(std::string_view operation, Fetch&& fetch, Items&& items) {
  using Page = std::decay_t<decltype(fetch(std::optional<std::string>()).value())>;
  using List = std::decay_t<decltype(items(std::declval<Page&>()))>;
  common::Expected<List, AwsError> result = List{};
  std::optional<std::string> next_token;
  do {
    auto page = fetch(next_token);
    if (!page) return common::Expected<List, AwsError>(common::Unexpected{std::move(page).error()});
    auto& listed = items(*page);
    std::move(listed.begin(), listed.end(), std::back_inserter(*result));
    if (page->next_token && page->next_token == next_token) {
      return common::Expected<List, AwsError>(
          common::Unexpected{endless_paging(std::string(operation) + " answered with the NextToken it was sent")});
    }
    next_token = std::move(page->next_token);
  } while (next_token);
  return result;
}

}  // namespace rds_exporter::aws
