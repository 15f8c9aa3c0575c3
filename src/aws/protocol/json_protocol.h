#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "aws/protocol/timestamp.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rds_exporter::aws {

// The AWS JSON protocols (1.0 for CloudWatch): a JSON POST to / naming the operation in X-Amz-Target.
struct JsonProtocol {
  // "1.0" or "1.1".
  std::string json_version;
  // "GraniteServiceVersion20100801" for CloudWatch.
  std::string target_prefix;
  // The model's awsQueryCompatible: the request asks for the Query error code in x-amzn-query-error.
  bool query_compatible = false;
};

// POST / with content-type application/x-amz-json-<version>, x-amz-target <prefix>.<operation>,
// x-amzn-query-mode: true when query-compatible, and `input` as compact JSON ("{}" when null). Host and
// signature headers are the caller's.
common::HttpRequest make_json_request(const JsonProtocol& protocol, std::string_view operation,
                                      const nlohmann::json& input);
// The same request around a body the caller wrote itself (a large one, without a document tree).
common::HttpRequest make_json_request_with_body(const JsonProtocol& protocol, std::string_view operation,
                                                std::string body);

// Appends `text` as a JSON string exactly as nlohmann's dump(-1, ' ', false, replace) writes it: printable ASCII
// directly, anything else (escapes, non-ASCII, invalid UTF-8, which becomes U+FFFD) through nlohmann itself.
void append_json_string(std::string& out, std::string_view text);

// A timestamp as AWS JSON sends it: epoch seconds, whole unless the time has milliseconds.
nlohmann::json epoch_seconds_json(TimePoint time);

// A paged answer's NextToken (CloudWatch Logs spells it nextToken); an empty one, as some services send on the
// last page, means none.
std::optional<std::string> next_token_of(const JsonElement& output, std::string_view member = "NextToken");

// A JSON or REST-JSON error answer as a value. The code is the x-amzn-ErrorType header, else the body's
// `code`, else its `__type`, in the JS SDK's order, each cut down as its sanitizeErrorCode does
// ("com.amazonaws.cloudwatch#InvalidParameterValueException" → "InvalidParameterValueException",
// "ValidationException:http://..." → "ValidationException"). In query-compatible mode the x-amzn-query-error
// header ("InvalidParameterValue;Sender") carries the Query code, which wins, so callers see the same codes
// as over the Query protocol. Message from `message` or `Message`; request id from x-amzn-RequestId. This
// also covers the SSO portal's REST-JSON errors. A body that is not JSON and no code header gives code
// "HTTP<status>". Retryable and throttling are left false for the retry policy.
AwsError decode_json_error(const common::HttpResponse& response);

// Parses a successful answer and hands `read` the top-level JsonElement; `read`'s MalformedResponseError
// comes back as a malformed_response error naming `operation`. A non-2xx answer comes back as
// decode_json_error's error.
template <typename T, typename Read>
common::Expected<T, AwsError> read_json_result(const common::HttpResponse& response, std::string_view operation,
                                               Read&& read) {
  if (!is_success_status(response.status)) return common::Unexpected{decode_json_error(response)};
  const auto document = parse_json_document(response.body);
  if (!document) {
    return common::Unexpected{malformed_response(response, std::string(operation) + " answer is " + document.error())};
  }
  try {
    return std::forward<Read>(read)(JsonElement(*document, ""));
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{malformed_response(response, std::string(operation) + " answer: " + error.what())};
  }
}

// Parses a successful answer through `reader`: nullopt when it read the answer, else its syntax error or
// problem as a malformed_response error naming `operation`, worded as read_json_result words them. A non-2xx
// answer gives decode_json_error's error.
std::optional<AwsError> read_json_stream(const common::HttpResponse& response, std::string_view operation,
                                         JsonStreamReader& reader);

}  // namespace rds_exporter::aws
