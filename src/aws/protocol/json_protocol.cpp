#include "aws/protocol/json_protocol.h"

#include <algorithm>

#include "common/text.h"

#include <optional>

namespace rds_exporter::aws {
namespace {

// The JS SDK's sanitizeErrorCode: drop what follows a ',' or ':' (x-amzn-ErrorType may append a URL) and
// the namespace before '#'.
std::string sanitize_error_code(std::string_view raw) {
  std::string_view code = raw;
  code = code.substr(0, code.find(','));
  code = code.substr(0, code.find(':'));
  if (const auto hash = code.find('#'); hash != std::string_view::npos) {
    code = code.substr(hash + 1);
    code = code.substr(0, code.find('#'));
  }
  return std::string(common::trim(code));
}

std::optional<std::string> string_member(const nlohmann::json& body, std::string_view name) {
  if (!body.is_object()) return std::nullopt;
  const auto found = body.find(name);
  if (found == body.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// The body's code member, matched case-insensitively as the JS SDK matches it ("code" or "Code").
std::optional<std::string> code_member(const nlohmann::json& body) {
  if (!body.is_object()) return std::nullopt;
  for (const auto& [name, value] : body.items()) {
    if (common::equals_ignore_case_ascii(name, "code") && value.is_string()) return value.get<std::string>();
  }
  return std::nullopt;
}

std::string error_code(const common::HttpResponse& response, const nlohmann::json& body) {
  if (const auto header = response.header("x-amzn-errortype")) return sanitize_error_code(*header);
  if (const auto code = code_member(body)) return sanitize_error_code(*code);
  if (const auto type = string_member(body, "__type")) return sanitize_error_code(*type);
  return "";
}

// "InvalidParameterValue;Sender" → "InvalidParameterValue".
std::string query_error_code(const common::HttpResponse& response) {
  const auto header = response.header("x-amzn-query-error");
  if (!header) return "";
  return std::string(common::trim(header->substr(0, header->find(';'))));
}

}  // namespace

common::HttpRequest make_json_request(const JsonProtocol& protocol, std::string_view operation,
                                      const nlohmann::json& input) {
  // Invalid UTF-8 in a caller's string becomes U+FFFD rather than an exception mid-request.
  return make_json_request_with_body(
      protocol, operation,
      input.is_null() ? std::string("{}") : input.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

common::HttpRequest make_json_request_with_body(const JsonProtocol& protocol, std::string_view operation,
                                                std::string body) {
  common::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers = {{"content-type", "application/x-amz-json-" + protocol.json_version},
                     {"x-amz-target", protocol.target_prefix + "." + std::string(operation)}};
  if (protocol.query_compatible) request.headers.emplace_back("x-amzn-query-mode", "true");
  request.body = std::move(body);
  return request;
}

void append_json_string(std::string& out, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

nlohmann::json epoch_seconds_json(TimePoint time) {
  const auto milliseconds = std::chrono::floor<std::chrono::milliseconds>(time).time_since_epoch().count();
  if (milliseconds % 1000 == 0) return milliseconds / 1000;
  return static_cast<double>(milliseconds) / 1000.0;
}

AwsError decode_json_error(const common::HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  std::string code = query_error_code(response);
  if (code.empty()) code = error_code(response, body);
  if (code.empty()) {
    return error_without_document(response,
                                  body.is_discarded() ? "error answer is not JSON" : "error answer has no error type");
  }
  AwsError error;
  error.kind = ErrorKind::service;
  error.code = std::move(code);
  error.message = string_member(body, "message").value_or(string_member(body, "Message").value_or(""));
  error.request_id = request_id_header(response);
  error.http_status = response.status;
  return error;
}

std::optional<std::string> next_token_of(const JsonElement& output, std::string_view member) {
  auto token = output.optional_string(member);
  if (token && token->empty()) token.reset();
  return token;
}

std::optional<AwsError> read_json_stream(const common::HttpResponse& response, std::string_view operation,
                                         JsonStreamReader& reader) {
  if (!is_success_status(response.status)) return decode_json_error(response);
  try {
    nlohmann::json::sax_parse(response.body, &reader);
  } catch (const std::bad_alloc&) {
    return malformed_response(response, std::string(operation) + " answer is too large to read (" +
                                            std::to_string(response.body.size()) + " bytes)");
  }
  if (reader.syntax_error()) {
    return malformed_response(response, std::string(operation) + " answer is " + *reader.syntax_error());
  }
  if (auto problem = reader.problem()) {
    return malformed_response(response, std::string(operation) + " answer: " + *std::move(problem));
  }
  return std::nullopt;
}

}  // namespace rds_exporter::aws
