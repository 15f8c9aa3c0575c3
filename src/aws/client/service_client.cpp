#include "aws/client/service_client.h"

#include "aws/retry/backoff.h"
#include "aws/retry/error_classification.h"
#include "aws/retry/interruptible_sleep.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/uri_encode.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <random>

namespace rds_exporter::aws {
namespace {

using SteadyClock = std::chrono::steady_clock;

double default_random01() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

AwsError cancelled_error(std::string message) {
  AwsError result;
  result.kind = ErrorKind::cancelled;
  result.code = "Cancelled";
  result.message = std::move(message);
  return result;
}

AwsError network_error(const TransportError& error) {
  if (error.kind == TransportErrorKind::cancelled) return cancelled_error(error.message);
  AwsError result;
  result.kind = ErrorKind::network;
  result.code = "NetworkError";
  result.message = fmt::format("{}: {}", to_string(error.kind), error.message);
  return result;
}

std::string_view outcome_of(const AwsError& error) {
  switch (error.kind) {
    case ErrorKind::network:
      return "network_error";
    case ErrorKind::malformed_response:
      return "malformed_response";
    case ErrorKind::cancelled:
      return "cancelled";
    case ErrorKind::credentials:
    case ErrorKind::service:
      break;
  }
  if (is_throttling(error)) return "throttled";
  return error.http_status >= 500 ? "server_error" : "client_error";
}

}  // namespace

struct ServiceClient::AttemptOutcome {
  CallResult result;
  // The answer's Date moved our clock-skew estimate: a request refused for its time is worth resending.
  bool clock_corrected = false;
  bool timed_out_or_broken = false;
};

ServiceClient::ServiceClient(ClientContext context, ServiceClientOptions options)
    : context_(std::move(context)), options_(std::move(options)) {
  if (!context_.random01) context_.random01 = default_random01;
  if (!context_.sleep) {
    context_.sleep = [stop = context_.stop](std::chrono::milliseconds duration) {
      sleep_unless_stopped(duration, stop);
    };
  }
  if (!context_.clock_skew) context_.clock_skew = std::make_shared<ClockSkew>();
  if (!context_.signer) context_.signer = std::make_shared<SigV4Signer>();
  if (!options_.retry_quota) options_.retry_quota = std::make_shared<RetryQuota>();
  if (options_.retry_policy.mode == RetryMode::adaptive && !options_.adaptive_limiter) {
    options_.adaptive_limiter = std::make_shared<AdaptiveRateLimiter>();
  }
  if (options_.retry_policy.mode != RetryMode::adaptive) options_.adaptive_limiter = nullptr;
}

std::string ServiceClient::url_for(const common::HttpRequest& request) const {
  std::string url = options_.endpoint.base_url + uri_encode_path(request.path);
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    url += separator;
    url += uri_encode(name);
    url += '=';
    url += uri_encode(value);
    separator = '&';
  }
  return url;
}

ServiceClient::AttemptOutcome ServiceClient::attempt_once(std::string_view operation, const common::HttpRequest& head,
                                                          const common::SharedText& body,
                                                          const std::string& body_sha256, ErrorDecoder decode_error,
                                                          const ResponseCheck& check, int attempt) const {
  const std::string_view service = options_.service.endpoint_prefix;
  common::HttpRequest signed_request = head;
  signed_request.headers.emplace_back("host", options_.endpoint.host_header);
  signed_request.headers.emplace_back("user-agent", context_.user_agent);
  if (options_.credentials) {
    auto credentials = options_.credentials->credentials();
    if (!credentials && (context_.stop.stop_requested() ||
                         credentials.error().kind == CredentialsProblem::Kind::cancelled)) {
      return {common::Unexpected{cancelled_error("cancelled while fetching credentials")}};
    }
    if (!credentials) {
      AwsError error;
      error.kind = ErrorKind::credentials;
      error.code = "CredentialsError";
      error.message = std::move(credentials).error().message;
      return {common::Unexpected{std::move(error)}};
    }
    SigningParams params{options_.region, std::string(options_.service.signing_name), context_.clock_skew->now()};
    params.body_sha256 = body_sha256;
    context_.signer->sign(signed_request, *credentials, params);
  }

  OutgoingRequest outgoing{signed_request.method, url_for(signed_request), std::move(signed_request.headers), body};
  outgoing.stop = context_.stop;
  const auto started = SteadyClock::now();
  auto sent = context_.transport->send_owned(std::move(outgoing));
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  const auto log = logging::logger("aws");

  AttemptOutcome outcome{common::Unexpected{AwsError{}}};
  if (!sent) {
    const auto kind = sent.error().kind;
    outcome.timed_out_or_broken =
        kind == TransportErrorKind::timed_out || kind == TransportErrorKind::connection_broken;
    outcome.result = common::Unexpected{network_error(sent.error())};
  } else {
    common::HttpResponse& response = sent.value();
    if (auto date = response.header("date")) {
      outcome.clock_corrected = context_.clock_skew->observe_server_date(*date, std::chrono::system_clock::now());
      if (outcome.clock_corrected) {
        const auto offset = std::chrono::duration_cast<std::chrono::seconds>(context_.clock_skew->offset()).count();
        log->warn("{}: the local clock is {} s {} AWS's; signing with AWS's time from now on", service,
                  offset < 0 ? -offset : offset, offset > 0 ? "behind" : "ahead of");
      }
    }
    if (response.status >= 200 && response.status < 300) {
      if (auto problem = check ? check(response) : std::nullopt) {
        problem->http_status = response.status;
        outcome.result = common::Unexpected{std::move(*problem)};
      } else {
        outcome.result = std::move(response);
      }
    } else {
      outcome.result = common::Unexpected{decode_error(response)};
    }
  }

  const std::string_view request_id =
      outcome.result ? outcome.result->header("x-amzn-requestid").value_or("") : outcome.result.error().request_id;
  if (context_.metrics) {
    context_.metrics->record_attempt(context_.scope_labels, service, operation,
                                     outcome.result ? "success" : outcome_of(outcome.result.error()), seconds);
  }
  if (outcome.result) {
    log->debug("{} {} attempt {}: HTTP {} in {:.0f} ms, request id {}", service, operation, attempt,
               outcome.result->status, seconds * 1000, request_id);
  } else {
    log->debug("{} {} attempt {}: {} after {:.0f} ms", service, operation, attempt, outcome.result.error().describe(),
               seconds * 1000);
  }
  return outcome;
}

CallResult ServiceClient::call(std::string_view operation, common::HttpRequest request, ErrorDecoder decode_error,
                               const ResponseCheck& check) const {
  const std::string_view service = options_.service.endpoint_prefix;
  // One body for every attempt, and hashed once for their signatures.
  const common::SharedText body(std::move(request.body));
  request.body.clear();
  const std::string body_sha256 = options_.credentials ? sha256_hex(body.str()) : std::string();
  int retry_cost = 0;
  int counted_attempts = 0;
  bool clock_retry_used = false;
  bool credentials_retry_used = false;
  const auto cancelled = [&](int attempts, std::string_view when) -> CallResult {
    logging::logger("aws")->debug("{} {}: cancelled {}", service, operation, when);
    AwsError error = cancelled_error(fmt::format("{} {} cancelled {}", service, operation, when));
    error.attempts = attempts;
    return common::Unexpected{std::move(error)};
  };
  for (int sent = 1;; ++sent) {
    if (context_.stop.stop_requested()) return cancelled(sent - 1, "before sending");
    if (options_.rate_limiter && !options_.rate_limiter->acquire(context_.stop)) {
      return cancelled(sent - 1, "while waiting for the rate limiter");
    }
    if (options_.adaptive_limiter && !options_.adaptive_limiter->acquire(context_.stop)) {
      return cancelled(sent - 1, "while waiting for the adaptive retry mode's rate limiter");
    }
    if (context_.admitted && !context_.admitted()) {
      return cancelled(sent - 1, "before sending: this replica no longer holds the scope's lease");
    }
    ++counted_attempts;
    auto outcome = attempt_once(operation, request, body, body_sha256, decode_error, check, sent);
    // Every attempt that went out informs the adaptive limiter, as botocore's needs-retry hook does.
    if (options_.adaptive_limiter && (outcome.result || (outcome.result.error().kind != ErrorKind::cancelled &&
                                                         outcome.result.error().kind != ErrorKind::credentials))) {
      options_.adaptive_limiter->record_response(!outcome.result && is_throttling(outcome.result.error()));
    }
    if (outcome.result) {
      options_.retry_quota->release_after_success(retry_cost);
      return std::move(outcome.result);
    }
    AwsError error = std::move(outcome.result).error();
    error.attempts = sent;
    if (error.kind == ErrorKind::credentials || error.kind == ErrorKind::cancelled) {
      return common::Unexpected{std::move(error)};
    }

    // Two retries outside the attempt budget, once each, as the SDKs make them: the first attempt's
    // failure was caused by our state (clock, credentials), which the retry has just repaired.
    if (outcome.clock_corrected && is_clock_skew_code(error.code) && !clock_retry_used) {
      clock_retry_used = true;
      --counted_attempts;
      continue;
    }
    if (options_.credentials && is_expired_credentials_code(error.code) && !credentials_retry_used) {
      credentials_retry_used = true;
      options_.credentials->invalidate();
      --counted_attempts;
      continue;
    }

    error.throttling = is_throttling(error);
    error.retryable = is_retryable(error);
    if (error.throttling && context_.metrics) context_.metrics->record_throttle(context_.scope_labels, service, operation);
    if (!error.retryable || counted_attempts >= options_.retry_policy.max_attempts) {
      return common::Unexpected{std::move(error)};
    }
    const int cost = outcome.timed_out_or_broken ? RetryQuota::kTimeoutRetryCost : RetryQuota::kRetryCost;
    if (!options_.retry_quota->try_acquire(cost)) {
      if (context_.metrics) context_.metrics->record_retry_quota_exhausted(context_.scope_labels, service, operation);
      error.message += " (not retried: the retry quota is exhausted after many failures)";
      return common::Unexpected{std::move(error)};
    }
    retry_cost = cost;
    if (context_.metrics) context_.metrics->record_retry(context_.scope_labels, service, operation);
    context_.sleep(backoff_delay(counted_attempts, options_.retry_policy.base_delay, context_.random01()));
    if (context_.stop.stop_requested()) return cancelled(sent, "while waiting to retry");
  }
}

}  // namespace rds_exporter::aws
