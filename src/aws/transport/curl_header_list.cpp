#include "aws/transport/curl_header_list.h"

#include "common/text.h"

#include <algorithm>
#include <array>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {
namespace {

// Headers libcurl adds by itself; a bare "Name:" entry stops it.
constexpr std::array<std::string_view, 3> kSuppressedDefaults{"Accept", "Expect", "Content-Type"};

std::optional<std::string> header_problem(std::string_view name, std::string_view value) {
  if (name.empty()) return "a request header has an empty name";
  const bool name_splits =
      std::any_of(name.begin(), name.end(), [](char c) { return c == ':' || common::is_http_whitespace(c); });
  if (name_splits) return "a request header name contains ':' or whitespace";
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    return "request header " + std::string(name) + " has a line break in its value";
  }
  return std::nullopt;
}

void append(CurlHeaderList& list, const std::string& line) {
  curl_slist* extended = curl_slist_append(list.get(), line.c_str());
  if (extended == nullptr) throw std::bad_alloc();
  static_cast<void>(list.release());
  list.reset(extended);
}

bool has_header(const common::Headers& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return common::equals_ignore_case_ascii(header.first, name); });
}

}  // namespace

common::Expected<CurlHeaderList, std::string> curl_header_list(const common::Headers& headers) {
  CurlHeaderList list;
  for (const auto& [name, value] : headers) {
    if (auto problem = header_problem(name, value)) return common::Unexpected{std::move(*problem)};
    // libcurl drops "Name:" as a request to remove a header; "Name;" is its spelling of an empty value.
    append(list, value.empty() ? name + ";" : name + ": " + value);
  }
  for (const std::string_view name : kSuppressedDefaults) {
    if (!has_header(headers, name)) append(list, std::string(name) + ":");
  }
  return list;
}

}  // namespace rds_exporter::aws
