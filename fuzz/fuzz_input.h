#pragma once

// What every fuzz target shares: libFuzzer's bytes as text, and as the 200 or 400 answer a parser reads.

#include "aws/transport/http_transport.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace rds_exporter::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline common::HttpResponse answer(int status, std::string_view body, common::Headers headers = {}) {
  return common::HttpResponse{.status = status, .headers = std::move(headers), .body = std::string(body)};
}

// The input up to its first newline, and the rest: two fields from one input, for parsers that read a
// header and a body.
inline std::pair<std::string_view, std::string_view> split_first_line(std::string_view text) {
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos) return {text, {}};
  return {text.substr(0, newline), text.substr(newline + 1)};
}

}  // namespace rds_exporter::fuzz
