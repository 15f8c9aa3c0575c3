#include "aws/sigv4/signing_time.h"

#include <cstdio>

namespace rds_exporter::aws {
namespace {

using std::chrono::days;
using std::chrono::seconds;

bool digits_at(std::string_view text, std::size_t from, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point time) {
  const auto second = std::chrono::floor<seconds>(time);
  const auto day = std::chrono::floor<days>(second);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss clock{second - day};
  // Sized for any int year so the compiler can prove the output is never truncated.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

std::string date_stamp(std::chrono::system_clock::time_point time) { return amz_date(time).substr(0, 8); }

std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!digits_at(text, 0, 4, year) || !digits_at(text, 4, 2, month) || !digits_at(text, 6, 2, day) ||
      !digits_at(text, 9, 2, hour) || !digits_at(text, 11, 2, minute) || !digits_at(text, 13, 2, second)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return civil_time(ymd, std::chrono::hours{hour} + std::chrono::minutes{minute} + seconds{second});
}

std::optional<std::chrono::system_clock::time_point> civil_time(const std::chrono::year_month_day& date,
                                                                std::chrono::seconds time_of_day) {
  using TimePoint = std::chrono::system_clock::time_point;
  if (!date.ok()) return std::nullopt;
  // In whole seconds, which hold any year_month_day without overflow, before narrowing to the clock's unit.
  const std::chrono::sys_seconds time = std::chrono::sys_days{date} + time_of_day;
  static constexpr auto kEarliest = std::chrono::ceil<seconds>(TimePoint::min());
  static constexpr auto kLatest = std::chrono::floor<seconds>(TimePoint::max()) - seconds{1};
  if (time < kEarliest || time > kLatest) return std::nullopt;
  return std::chrono::time_point_cast<TimePoint::duration>(time);
}

}  // namespace rds_exporter::aws
