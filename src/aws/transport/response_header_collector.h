#pragma once

#include "common/http_message.h"

#include <string_view>
#include <utility>

namespace rds_exporter::aws {

// Builds HttpResponse::headers from the lines libcurl reports one at a time. One transfer can see several
// responses (an interim "100 Continue" before the final answer); each status line starts afresh, so only the
// final response's headers remain.
class ResponseHeaderCollector {
 public:
  // One line as received, CRLF included or not.
  void add_line(std::string_view line);

  common::Headers take() { return std::move(headers_); }

 private:
  common::Headers headers_;
};

}  // namespace rds_exporter::aws
