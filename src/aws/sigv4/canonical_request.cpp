#include "aws/sigv4/canonical_request.h"

#include "aws/sigv4/uri_encode.h"
#include "common/text.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace rds_exporter::aws {
namespace {

constexpr std::array<std::string_view, 4> kUnsignableHeaders{"authorization", "user-agent", "expect",
                                                             "x-amzn-trace-id"};

std::vector<std::string> sorted_lowercase(std::span<const std::string> names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const auto& name : names) out.push_back(common::to_lower_ascii(name));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Repeated headers become one line with their values joined by ',' in the order they were sent.
std::string joined_header_values(const common::Headers& headers, const std::string& lowercase_name) {
  std::string joined;
  bool found = false;
  for (const auto& [name, value] : headers) {
    if (!common::equals_ignore_case_ascii(name, lowercase_name)) continue;
    if (found) joined += ',';
    joined += canonical_header_value(value);
    found = true;
  }
  if (!found) throw std::invalid_argument("signed header '" + lowercase_name + "' is not in the request");
  return joined;
}

}  // namespace

std::string canonical_request(const common::HttpRequest& request, std::span<const std::string> signed_header_names,
                              std::string_view payload_hash, bool normalize) {
  const std::vector<std::string> names = sorted_lowercase(signed_header_names);
  std::string out = request.method;
  out += '\n';
  out += canonical_uri(request.path, normalize);
  out += '\n';
  out += canonical_query_string(request.query);
  out += '\n';
  for (const auto& name : names) {
    out += name;
    out += ':';
    out += joined_header_values(request.headers, name);
    out += '\n';
  }
  out += '\n';
  out += signed_headers_list(names);
  out += '\n';
  out += payload_hash;
  return out;
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  for (const auto segment : common::split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (const auto segment : segments) {
    out += '/';
    out += segment;
  }
  if (out.empty() || path.ends_with('/')) out += '/';
  return out;
}

std::string canonical_uri(std::string_view path, bool normalize) {
  if (path.empty()) return "/";
  return uri_encode_path(normalize ? normalize_path(path) : std::string(path));
}

std::string canonical_query_string(const common::QueryParams& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [key, value] : query) encoded.emplace_back(uri_encode(key), uri_encode(value));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [key, value] : encoded) {
    if (!out.empty()) out += '&';
    out += key;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool in_whitespace = false;
  for (const char c : common::trim(value)) {
    if (common::is_http_whitespace(c)) {
      in_whitespace = true;
      continue;
    }
    if (in_whitespace) out += ' ';
    in_whitespace = false;
    out += c;
  }
  return out;
}

std::vector<std::string> signable_header_names(const common::Headers& headers) {
  std::vector<std::string> names;
  names.reserve(headers.size());
  for (const auto& header : headers) {
    std::string name = common::to_lower_ascii(header.first);
    if (std::find(kUnsignableHeaders.begin(), kUnsignableHeaders.end(), name) == kUnsignableHeaders.end()) {
      names.push_back(std::move(name));
    }
  }
  return sorted_lowercase(names);
}

std::string signed_headers_list(std::span<const std::string> signed_header_names) {
  std::string out;
  for (const auto& name : sorted_lowercase(signed_header_names)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

}  // namespace rds_exporter::aws
