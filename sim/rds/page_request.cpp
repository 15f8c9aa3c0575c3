#include "sim/rds/page_request.h"

#include "sim/protocol/base64.h"
#include "sim/rds/rds_errors.h"

#include <charconv>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kMarkerPrefix = "rds_sim/v1/after/";

}  // namespace

std::string marker_after(std::string_view identifier) {
  return base64_encode(std::string(kMarkerPrefix) + std::string(identifier));
}

std::variant<PageRequest, ApiError> read_page_request(const QueryParameters& params) {
  PageRequest request;
  if (const std::string* max = params.find("MaxRecords")) {
    long long value = 0;
    const auto [end, error] = std::from_chars(max->data(), max->data() + max->size(), value);
    if (error != std::errc{} || end != max->data() + max->size() || value < 20 || value > 100) {
      return invalid_max_records(*max);
    }
    request.max_records = static_cast<std::size_t>(value);
  }
  if (const std::string* marker = params.find("Marker"); marker != nullptr && !marker->empty()) {
    const auto decoded = base64_decode(*marker);
    if (!decoded || !decoded->starts_with(kMarkerPrefix) || decoded->size() == kMarkerPrefix.size()) {
      return invalid_marker(*marker);
    }
    request.after = decoded->substr(kMarkerPrefix.size());
  }
  return request;
}

}  // namespace rds_exporter::sim
