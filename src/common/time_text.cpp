#include "common/time_text.h"

#include "common/text.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace rds_exporter::common {
namespace {

using TimePoint = std::chrono::system_clock::time_point;
using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The one digit reader: exactly `count` ASCII digits at `position` (no sign, no spaces), which it then passes.
bool read_digits(std::string_view text, std::size_t& position, std::size_t count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (std::size_t i = position; i < position + count; ++i) {
    if (!is_ascii_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  position += count;
  return true;
}

bool expect(std::string_view text, std::size_t& position, char c) {
  if (position >= text.size() || text[position] != c) return false;
  ++position;
  return true;
}

// ".112" → 112 ms worth of nanoseconds; digits beyond nanoseconds are read and dropped. Absent: zero.
bool read_fraction(std::string_view text, std::size_t& position, std::chrono::nanoseconds& fraction) {
  fraction = {};
  if (!expect(text, position, '.')) return true;
  const std::size_t first_digit = position;
  std::int64_t nanoseconds = 0;
  int digits = 0;
  while (position < text.size() && is_ascii_digit(text[position])) {
    if (digits < 9) {
      nanoseconds = nanoseconds * 10 + (text[position] - '0');
      ++digits;
    }
    ++position;
  }
  if (position == first_digit) return false;
  for (; digits < 9; ++digits) nanoseconds *= 10;
  fraction = std::chrono::nanoseconds{nanoseconds};
  return true;
}

// "Z" → 0, "+02:00" → +2 h (the local time is ahead of UTC by that much).
bool read_offset(std::string_view text, std::size_t& position, std::chrono::minutes& offset) {
  if (expect(text, position, 'Z')) {
    offset = {};
    return true;
  }
  if (position >= text.size() || (text[position] != '+' && text[position] != '-')) return false;
  const int sign = text[position] == '-' ? -1 : 1;
  ++position;
  int hours = 0;
  int minutes = 0;
  if (!read_digits(text, position, 2, hours) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, minutes) || hours > 23 || minutes > 59) {
    return false;
  }
  offset = std::chrono::minutes{sign * (hours * 60 + minutes)};
  return true;
}

// The fields every form spells out.
struct Fields {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// The fields of a time, in UTC, truncated to whole seconds.
Fields fields_of(TimePoint time) {
  const auto second = std::chrono::floor<seconds>(time);
  const auto day = std::chrono::floor<days>(second);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{second - day};
  return Fields{.year = static_cast<int>(date.year()),
                .month = static_cast<int>(static_cast<unsigned>(date.month())),
                .day = static_cast<int>(static_cast<unsigned>(date.day())),
                .hour = static_cast<int>(clock.hours().count()),
                .minute = static_cast<int>(clock.minutes().count()),
                .second = static_cast<int>(clock.seconds().count())};
}

// `last_second` is 60 where a leap second is allowed; `offset` is the local time's lead over UTC.
std::optional<TimePoint> to_time(const Fields& fields, int last_second, std::chrono::minutes offset = {}) {
  if (fields.hour > 23 || fields.minute > 59 || fields.second > last_second) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{fields.year},
                                         std::chrono::month{static_cast<unsigned>(fields.month)},
                                         std::chrono::day{static_cast<unsigned>(fields.day)}};
  return civil_time(
      date, std::chrono::hours{fields.hour} + std::chrono::minutes{fields.minute} + seconds{fields.second} - offset);
}

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::optional<unsigned> month_number(std::string_view name) {
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return i + 1;
  }
  return std::nullopt;
}

// "2024-05-01T12:00:00", the whole seconds of the time: the basic form, punctuated.
std::string format_seconds(std::chrono::sys_seconds second) {
  const std::string basic = amz_date(second);
  return basic.substr(0, 4) + "-" + basic.substr(4, 2) + "-" + basic.substr(6, 5) + ":" + basic.substr(11, 2) + ":" +
         basic.substr(13, 2);
}

}  // namespace

std::optional<TimePoint> civil_time(const std::chrono::year_month_day& date, std::chrono::seconds time_of_day) {
  if (!date.ok()) return std::nullopt;
  // In whole seconds, which hold any year_month_day without overflow, before narrowing to the clock's unit.
  const std::chrono::sys_seconds time = std::chrono::sys_days{date} + time_of_day;
  static constexpr auto kEarliest = std::chrono::ceil<seconds>(TimePoint::min());
  static constexpr auto kLatest = std::chrono::floor<seconds>(TimePoint::max()) - seconds{1};
  if (time < kEarliest || time > kLatest) return std::nullopt;
  return std::chrono::time_point_cast<TimePoint::duration>(time);
}

std::string amz_date(TimePoint time) {
  const Fields f = fields_of(time);
  // Sized for any int fields so the compiler can prove the output is never truncated.
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02d%02d%02dZ", f.year, f.month, f.day, f.hour, f.minute,
                f.second);
  return buffer;
}

std::string date_stamp(TimePoint time) { return amz_date(time).substr(0, 8); }

std::optional<TimePoint> parse_amz_date(std::string_view text) {
  std::size_t position = 0;
  Fields f;
  if (!read_digits(text, position, 4, f.year) || !read_digits(text, position, 2, f.month) ||
      !read_digits(text, position, 2, f.day) || !expect(text, position, 'T') ||
      !read_digits(text, position, 2, f.hour) || !read_digits(text, position, 2, f.minute) ||
      !read_digits(text, position, 2, f.second) || !expect(text, position, 'Z') || position != text.size()) {
    return std::nullopt;
  }
  return to_time(f, 59);
}

std::string format_iso8601(TimePoint time) {
  const auto millisecond = std::chrono::floor<milliseconds>(time);
  const auto second = std::chrono::floor<seconds>(millisecond);
  std::string text = format_seconds(second);
  if (const auto fraction = (millisecond - second).count(); fraction != 0) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, ".%03d", static_cast<int>(fraction));
    text += buffer;
  }
  return text + "Z";
}

std::string format_iso8601_microseconds(TimePoint time) {
  const auto microsecond = std::chrono::floor<std::chrono::microseconds>(time);
  const auto second = std::chrono::floor<seconds>(microsecond);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, ".%06d", static_cast<int>((microsecond - second).count()));
  return format_seconds(second) + buffer + "Z";
}

std::optional<TimePoint> parse_iso8601(std::string_view text) {
  std::size_t position = 0;
  Fields f;
  std::chrono::nanoseconds fraction{};
  std::chrono::minutes offset{};
  if (!read_digits(text, position, 4, f.year) || !expect(text, position, '-') ||
      !read_digits(text, position, 2, f.month) || !expect(text, position, '-') ||
      !read_digits(text, position, 2, f.day) || !expect(text, position, 'T') ||
      !read_digits(text, position, 2, f.hour) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, f.minute) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, f.second) || !read_fraction(text, position, fraction) ||
      !read_offset(text, position, offset) || position != text.size()) {
    return std::nullopt;
  }
  // civil_time leaves a second of room at the end of the clock's range for the fraction.
  const auto utc = to_time(f, 59, offset);
  if (!utc) return std::nullopt;
  return *utc + std::chrono::duration_cast<TimePoint::duration>(fraction);
}

std::string format_http_date(TimePoint time) {
  const Fields f = fields_of(time);
  const std::chrono::weekday weekday{std::chrono::floor<days>(time)};
  // Sized for any int fields so the compiler can prove the output is never truncated.
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
                kWeekdays[weekday.c_encoding()].data(), f.day, kMonths[static_cast<std::size_t>(f.month - 1)].data(),
                f.year, f.hour, f.minute, f.second);
  return buffer;
}

std::optional<TimePoint> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions; the day's name is not checked against the date.
  if (text.size() != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto digits_at = [text](std::size_t position, std::size_t count, int& value) {
    return read_digits(text, position, count, value);
  };
  const auto month = month_number(text.substr(8, 3));
  Fields f;
  if (!month || !digits_at(5, 2, f.day) || !digits_at(12, 4, f.year) || !digits_at(17, 2, f.hour) ||
      !digits_at(20, 2, f.minute) || !digits_at(23, 2, f.second)) {
    return std::nullopt;
  }
  f.month = static_cast<int>(*month);
  // 60: a leap second, which a server may write.
  return to_time(f, 60);
}

}  // namespace rds_exporter::common
