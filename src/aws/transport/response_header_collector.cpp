#include "aws/transport/response_header_collector.h"

#include "aws/sigv4/text.h"

#include <string>

namespace rds_exporter::aws {

void ResponseHeaderCollector::add_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    headers_.clear();
    return;
  }
  const std::string_view content = trim(line);
  if (content.empty()) return;
  // An obsolete folded line continues the previous header's value.
  if (is_http_whitespace(line.front())) {
    if (!headers_.empty()) headers_.back().second.append(" ").append(content);
    return;
  }
  const auto colon = content.find(':');
  if (colon == std::string_view::npos) return;
  headers_.emplace_back(to_lower_ascii(trim(content.substr(0, colon))), std::string(trim(content.substr(colon + 1))));
}

}  // namespace rds_exporter::aws
