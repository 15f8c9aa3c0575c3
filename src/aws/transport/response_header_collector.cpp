#include "aws/transport/response_header_collector.h"

#include "common/text.h"

#include <string>

namespace rds_exporter::aws {

void ResponseHeaderCollector::add_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    headers_.clear();
    return;
  }
  const std::string_view content = common::trim(line);
  if (content.empty()) return;
  // An obsolete folded line continues the previous header's value.
  if (common::is_http_whitespace(line.front())) {
    if (!headers_.empty()) headers_.back().second.append(" ").append(content);
    return;
  }
  const auto colon = content.find(':');
  if (colon == std::string_view::npos) return;
  headers_.emplace_back(common::to_lower_ascii(common::trim(content.substr(0, colon))),
                        std::string(common::trim(content.substr(colon + 1))));
}

}  // namespace rds_exporter::aws
