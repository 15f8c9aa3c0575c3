#include "fixture_request.h"

#include <stdexcept>

namespace rds_exporter::aws::testing {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The next line without its '\n'; advances `text` past it.
std::string_view next_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  const std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return line;
}

common::QueryParams parse_query(std::string_view query) {
  common::QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const std::string_view key = pair.substr(0, equals);
    const std::string_view value = equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    params.emplace_back(percent_decode(key), percent_decode(value));
  }
  return params;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

common::HttpRequest parse_fixture_request(std::string_view text) {
  const std::string_view request_line = next_line(text);
  const std::size_t method_end = request_line.find(' ');
  const std::size_t version_start = request_line.rfind(' ');
  if (method_end == std::string_view::npos || version_start == method_end) {
    throw std::runtime_error("malformed request line: " + std::string(request_line));
  }
  common::HttpRequest request;
  request.method = request_line.substr(0, method_end);
  const std::string_view target = request_line.substr(method_end + 1, version_start - method_end - 1);
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string_view::npos) request.query = parse_query(target.substr(question + 1));

  while (!text.empty()) {
    const std::string_view line = next_line(text);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (request.headers.empty()) throw std::runtime_error("continuation line before any header");
      request.headers.back().second += '\n';
      request.headers.back().second += line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw std::runtime_error("header line without ':': " + std::string(line));
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  request.body = text;
  return request;
}

}  // namespace rds_exporter::aws::testing
