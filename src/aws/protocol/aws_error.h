#pragma once

#include <string>

namespace rds_exporter::aws {

enum class ErrorKind {
  // AWS answered with an error document (AccessDenied, Throttling, ...).
  service,
  // No usable answer arrived: connection, TLS or timeout failure.
  network,
  // No credentials could be found or refreshed.
  credentials,
  // An answer arrived but could not be read (truncated, malformed, wrong shape).
  malformed_response,
  // The caller asked to stop (ClientContext::stop) before or during the call: code "Cancelled". Never retried.
  cancelled,
};

// What went wrong with an AWS call, as a value callers can act on. Never holds a secret: messages are
// AWS's own words or ours, and neither quotes keys, tokens or signatures.
struct AwsError {
  ErrorKind kind = ErrorKind::service;
  // AWS's error code (e.g. "Throttling"); for the other kinds a fixed word: "NetworkError",
  // "CredentialsError", "MalformedResponse", "Cancelled".
  std::string code;
  std::string message;
  std::string request_id;
  // 0 when no HTTP answer arrived.
  int http_status = 0;
  // Whether another attempt could succeed (throttling, 5xx, network); set by the retry policy.
  bool retryable = false;
  bool throttling = false;
  // Attempts made before giving up, the first one included.
  int attempts = 1;

  // One line for logs and error messages: "Throttling (HTTP 400): Rate exceeded [request id ...]".
  std::string describe() const;
};

// A request the client refuses before sending, as AWS would refuse it (too many metrics, no stream name): a
// service error with code "ParamValidation", named after botocore's ParamValidationError, HTTP status 0 and no
// attempt. ErrorKind has no kind of its own for it; status 0 keeps it from being taken for AWS's answer, and it
// is never retried.
AwsError refused_before_sending(std::string message);

// Paging that would never end (a NextToken handed back again, too many pages): a malformed_response error with
// code "MalformedResponse", since each further page would be one more billed call.
AwsError endless_paging(std::string message);

}  // namespace rds_exporter::aws
