#include "aws/retry/clock_skew.h"

#include "aws/sigv4/signing_time.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

namespace rds_exporter::aws {
namespace {

// Digits only: from_chars alone would also take a minus sign ("-1" as an hour).
std::optional<int> number(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return i + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto day = number(text.substr(5, 2));
  const auto month = month_number(text.substr(8, 3));
  const auto year = number(text.substr(12, 4));
  const auto hour = number(text.substr(17, 2));
  const auto minute = number(text.substr(20, 2));
  const auto second = number(text.substr(23, 2));
  if (!day || !month || !year || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  return civil_time(date, std::chrono::hours(*hour) + std::chrono::minutes(*minute) + std::chrono::seconds(*second));
}

ClockSkew::SystemClock::time_point ClockSkew::now() const { return corrected(SystemClock::now()); }

ClockSkew::SystemClock::time_point ClockSkew::corrected(SystemClock::time_point local) const {
  using TimePoint = SystemClock::time_point;
  const auto shift = std::chrono::duration_cast<TimePoint::duration>(offset());
  if (shift > TimePoint::duration::zero() && local > TimePoint::max() - shift) return TimePoint::max();
  if (shift < TimePoint::duration::zero() && local < TimePoint::min() - shift) return TimePoint::min();
  return local + shift;
}

bool ClockSkew::observe_server_date(std::string_view date_header, SystemClock::time_point local) {
  const auto server = parse_http_date(date_header);
  if (!server) return false;
  // In milliseconds, which hold any difference of two clock times.
  using std::chrono::milliseconds;
  const auto server_ms = std::chrono::floor<milliseconds>(*server);
  const auto local_ms = std::chrono::floor<milliseconds>(local);
  const milliseconds new_offset = server_ms - local_ms;
  if (std::chrono::abs(new_offset - offset()) < kCorrectionThreshold) return false;
  if (std::chrono::abs(new_offset) > kLargestOffset) return false;
  offset_ms_.store(new_offset.count(), std::memory_order_relaxed);
  return true;
}

std::chrono::milliseconds ClockSkew::offset() const {
  return std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
}

}  // namespace rds_exporter::aws
