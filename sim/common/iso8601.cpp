#include "sim/common/iso8601.h"

#include "common/time_text.h"

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;

// After the seconds: "Z", or a fraction of one or more digits (dropped) and "Z".
bool fraction_then_z(std::string_view rest) {
  if (rest == "Z") return true;
  if (rest.size() < 3 || rest.front() != '.' || rest.back() != 'Z') return false;
  for (const char c : rest.substr(1, rest.size() - 2)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

// Both directions go through the exporter's own forms: common::format_iso8601 writes whole seconds without a
// fraction, and the reader checks the extended form's separators, then lets SigV4's basic form validate the rest.
std::string iso8601(sys_seconds time) { return common::format_iso8601(time); }

std::string iso8601_milliseconds(sys_seconds time) {
  std::string text = iso8601(time);
  text.insert(text.size() - 1, ".000");
  return text;
}

std::optional<sys_seconds> parse_iso8601(std::string_view text) {
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      !fraction_then_z(text.substr(19))) {
    return std::nullopt;
  }
  std::string basic;
  basic.append(text.substr(0, 4)).append(text.substr(5, 2)).append(text.substr(8, 2)).append("T");
  basic.append(text.substr(11, 2)).append(text.substr(14, 2)).append(text.substr(17, 2)).append("Z");
  const auto time = common::parse_amz_date(basic);
  if (!time) return std::nullopt;
  return floor<seconds>(*time);
}

}  // namespace rds_exporter::sim
