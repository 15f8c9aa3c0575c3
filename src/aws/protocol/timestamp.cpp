#include "aws/protocol/timestamp.h"

#include "aws/sigv4/signing_time.h"

#include <cmath>
#include <cstdio>

namespace rds_exporter::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range ISO-8601 writes with four-digit years.
constexpr double kEarliestEpochMilliseconds = -62135596800000.0;
constexpr double kLatestEpochMilliseconds = 253402300799999.0;
const double kClockEarliestMilliseconds =
    static_cast<double>(std::chrono::ceil<milliseconds>(TimePoint::min()).time_since_epoch().count());
const double kClockLatestMilliseconds =
    static_cast<double>(std::chrono::floor<milliseconds>(TimePoint::max()).time_since_epoch().count());

bool read_digits(std::string_view text, std::size_t& position, std::size_t count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (std::size_t i = position; i < position + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
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

// ".112" → 112 ms worth of nanoseconds; digits beyond nanoseconds are read and dropped.
bool read_fraction(std::string_view text, std::size_t& position, std::chrono::nanoseconds& fraction) {
  fraction = {};
  if (position >= text.size() || text[position] != '.') return true;
  ++position;
  const std::size_t first_digit = position;
  std::int64_t nanoseconds = 0;
  int digits = 0;
  while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
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

// "2024-05-01T12:00:00", the whole seconds of the time, in UTC.
std::string format_seconds(std::chrono::sys_seconds second) {
  // SigV4's "20240501T120000Z", punctuated.
  const std::string basic = amz_date(second);
  return basic.substr(0, 4) + "-" + basic.substr(4, 2) + "-" + basic.substr(6, 5) + ":" + basic.substr(11, 2) + ":" +
         basic.substr(13, 2);
}

}  // namespace

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
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::chrono::nanoseconds fraction{};
  std::chrono::minutes offset{};
  if (!read_digits(text, position, 4, year) || !expect(text, position, '-') || !read_digits(text, position, 2, month) ||
      !expect(text, position, '-') || !read_digits(text, position, 2, day) || !expect(text, position, 'T') ||
      !read_digits(text, position, 2, hour) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, minute) || !expect(text, position, ':') ||
      !read_digits(text, position, 2, second) || !read_fraction(text, position, fraction) ||
      !read_offset(text, position, offset) || position != text.size()) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  // civil_time leaves a second of room at the end of the clock's range for the fraction.
  const auto utc = civil_time(ymd, std::chrono::hours{hour} + std::chrono::minutes{minute} + seconds{second} - offset);
  if (!utc) return std::nullopt;
  return *utc + std::chrono::duration_cast<TimePoint::duration>(fraction);
}

std::optional<TimePoint> from_epoch_seconds(double seconds) { return from_epoch_milliseconds(seconds * 1000.0); }

std::optional<TimePoint> from_epoch_milliseconds(double milliseconds) {
  if (!std::isfinite(milliseconds)) return std::nullopt;
  const double rounded = std::round(milliseconds);
  if (rounded < kEarliestEpochMilliseconds || rounded > kLatestEpochMilliseconds) return std::nullopt;
  // The clock's own range is narrower than the years 0001-9999 (see civil_time): past it, the conversion to its
  // nanoseconds would overflow.
  if (rounded < kClockEarliestMilliseconds || rounded > kClockLatestMilliseconds) return std::nullopt;
  return TimePoint{
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds{static_cast<std::int64_t>(rounded)})};
}

}  // namespace rds_exporter::aws
