#include "common/time_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <string>

namespace rds_exporter::common {
namespace {

using namespace std::chrono;
using TimePoint = system_clock::time_point;
using SystemClock = system_clock;

TimePoint utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return sys_days{std::chrono::year{year} / month / day} + hours{hour} + minutes{minute} + seconds{second};
}

// IMF-fixdate as a server writes it.
std::string http_date(SystemClock::time_point time) {
  const std::time_t seconds = SystemClock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  const std::size_t length = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(buffer, length);
}

// Wed, 25 Nov 2026 01:42:41 GMT
const SystemClock::time_point kServerTime = sys_days(std::chrono::year(2026) / November / 25) + 1h + 42min + 41s;
constexpr char kServerDate[] = "Wed, 25 Nov 2026 01:42:41 GMT";

const system_clock::time_point kFixtureTime = sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36};

TEST(AwsSigningTime, FormatsAmzDateInUtc) { EXPECT_EQ(amz_date(kFixtureTime), "20150830T123600Z"); }

TEST(AwsSigningTime, TruncatesSubSeconds) { EXPECT_EQ(amz_date(kFixtureTime + milliseconds{999}), "20150830T123600Z"); }

TEST(AwsSigningTime, DateStampIsTheDay) { EXPECT_EQ(date_stamp(kFixtureTime), "20150830"); }

TEST(AwsSigningTime, ParsesWhatItFormats) { EXPECT_EQ(parse_amz_date("20150830T123600Z"), kFixtureTime); }

TEST(AwsSigningTime, RejectsMalformedDates) {
  for (const char* text : {"", "20150830T123600", "2015-08-30T12:36:00Z", "20150830 123600Z", "20151330T123600Z",
                           "20150230T123600Z", "20150830T243600Z", "20150830T126000Z", "2015083xT123600Z"}) {
    EXPECT_EQ(parse_amz_date(text), std::nullopt) << text;
  }
}

TEST(AwsSigningTime, RejectsDatesTheClockCannotHold) {
  EXPECT_EQ(parse_amz_date("23000101T000000Z"), std::nullopt);
  EXPECT_EQ(parse_amz_date("99991231T235959Z"), std::nullopt);
  EXPECT_EQ(parse_amz_date("16000101T000000Z"), std::nullopt);
}

TEST(CivilTime, RefusesImpossibleDatesAndTimesPastTheClock) {
  EXPECT_EQ(civil_time(year{2015} / 8 / 30, hours{12} + minutes{36}), kFixtureTime);
  EXPECT_EQ(civil_time(year{2015} / 8 / 31, -hours{11} - minutes{24}), kFixtureTime);
  EXPECT_EQ(civil_time(year{2023} / 2 / 30, seconds{0}), std::nullopt);
  EXPECT_EQ(civil_time(year{2262} / 4 / 12, seconds{0}), std::nullopt);
  EXPECT_EQ(civil_time(year{32767} / 12 / 31, hours{23}), std::nullopt);
}

TEST(FormatIso8601, WritesWholeSecondsWithoutFraction) {
  EXPECT_EQ(format_iso8601(utc(2024, 5, 1, 12, 0, 0)), "2024-05-01T12:00:00Z");
}

TEST(FormatIso8601Microseconds, AlwaysWritesSixDigitsOfFraction) {
  EXPECT_EQ(format_iso8601_microseconds(utc(2026, 12, 6, 19, 50, 0) + 123456us + 999ns), "2026-12-06T19:50:00.123456Z");
  EXPECT_EQ(format_iso8601_microseconds(utc(2026, 12, 6, 19, 50, 0)), "2026-12-06T19:50:00.000000Z");
  EXPECT_EQ(parse_iso8601(format_iso8601_microseconds(utc(1969, 12, 31, 23, 59, 59) + 5us)),
            utc(1969, 12, 31, 23, 59, 59) + 5us);
}

TEST(FormatIso8601, WritesMillisecondsWhenTheTimeHasThem) {
  EXPECT_EQ(format_iso8601(utc(2024, 5, 1, 12, 0, 0) + 250ms + 999us), "2024-05-01T12:00:00.250Z");
}

TEST(ParseIso8601, ReadsTheFormsAwsWrites) {
  EXPECT_EQ(parse_iso8601("2024-05-01T11:55:00Z"), utc(2024, 5, 1, 11, 55, 0));
  EXPECT_EQ(parse_iso8601("2023-02-14T09:21:07.112Z"), utc(2023, 2, 14, 9, 21, 7) + 112ms);
  EXPECT_EQ(parse_iso8601("2011-05-23T06:06:43.110123456789Z"), utc(2011, 5, 23, 6, 6, 43) + 110123456ns);
}

TEST(ParseIso8601, AppliesANumericOffset) {
  EXPECT_EQ(parse_iso8601("2024-05-01T14:00:00+02:00"), utc(2024, 5, 1, 12, 0, 0));
  EXPECT_EQ(parse_iso8601("2024-05-01T09:30:00-02:30"), utc(2024, 5, 1, 12, 0, 0));
}

TEST(ParseIso8601, RejectsAnythingElse) {
  for (const char* text :
       {"", "2024-05-01", "2024-05-01T12:00:00", "2024-05-01 12:00:00Z", "2024-02-30T12:00:00Z", "2024-05-01T24:00:00Z",
        "2024-05-01T12:00:00.Z", "2024-05-01T12:00:00Zjunk", "1714564800", "2024-05-01T12:00:00+0200"}) {
    EXPECT_EQ(parse_iso8601(text), std::nullopt) << text;
  }
}

// The clock counts nanoseconds in 64 bits up to 2262-04-11T23:47:16Z; a later date would overflow that count.
TEST(ParseIso8601, RejectsDatesTheClockCannotHold) {
  for (const char* text : {"2300-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2262-04-12T00:00:00Z",
                           "2262-04-11T23:00:00-01:00", "1600-01-01T00:00:00Z", "0001-01-01T00:00:00Z"}) {
    EXPECT_EQ(parse_iso8601(text), std::nullopt) << text;
  }
  EXPECT_EQ(parse_iso8601("2262-04-10T00:00:00Z"), utc(2262, 4, 10, 0, 0, 0));
  EXPECT_EQ(parse_iso8601("1700-01-01T00:00:00Z"), utc(1700, 1, 1, 0, 0, 0));
}

TEST(ParseHttpDate, ReadsImfFixdate) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            sys_days(std::chrono::year(1994) / std::chrono::November / 6) + 8h + 49min + 37s);
  EXPECT_EQ(parse_http_date(kServerDate), kServerTime);
  EXPECT_EQ(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT"),
            sys_days(std::chrono::year(2024) / std::chrono::February / 29) + 23h + 59min + 59s);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), SystemClock::time_point{});
}

TEST(FormatHttpDate, WritesWhatAServerWrites) {
  EXPECT_EQ(format_http_date(kServerTime + 999ms), kServerDate);
  EXPECT_EQ(format_http_date(utc(1994, 11, 6, 8, 49, 37)), "Sun, 06 Nov 1994 08:49:37 GMT");
  const auto now = floor<seconds>(SystemClock::now());
  EXPECT_EQ(format_http_date(now), http_date(now));
  EXPECT_EQ(parse_http_date(format_http_date(now)), now);
}

TEST(ParseHttpDate, RoundTripsWhatAServerWrites) {
  const auto time = std::chrono::floor<std::chrono::seconds>(SystemClock::now());
  EXPECT_EQ(parse_http_date(http_date(time)), time);
}

TEST(ParseHttpDate, RefusesAnythingElse) {
  for (const std::string text : {
           "",
           "Sun, 06 Nov 1994 08:49:37 UTC",
           "Sun, 06 Nov 1994 08:49:37 GMT ",
           " Sun, 06 Nov 1994 08:49:37 GMT",
           "Sun, 6 Nov 1994 08:49:37 GMT",
           "Sunday, 06-Nov-94 08:49:37 GMT",
           "Sun Nov  6 08:49:37 1994",
           "1994-11-06T08:49:37Z",
           "Sun, 06 Foo 1994 08:49:37 GMT",
           "Sun, 06 nov 1994 08:49:37 GMT",
           "Thu, 31 Feb 1994 08:49:37 GMT",
           "Sun, 00 Nov 1994 08:49:37 GMT",
           "Sun, 06 Nov 1994 24:00:00 GMT",
           "Sun, 06 Nov 1994 08:60:00 GMT",
           "Sun, 06 Nov 1994 08:49:61 GMT",
           "Sun, 06 Nov 1994 -1:49:37 GMT",
           "Sun, 06 Nov 1994 08:-1:37 GMT",
           "Sun, 06 Nov -994 08:49:37 GMT",
           "Sun, 06 Nov 1994 08-49-37 GMT",
           "Sun,x06xNovx1994 08:49:37 GMT",
           "Sun, 06 Nov 1994 0a:49:37 GMT",
           // Past what the clock holds (2262-04-11): refused rather than overflowing its nanosecond count.
           "Sat, 01 Jan 2300 00:00:00 GMT",
           "Fri, 31 Dec 9999 23:59:59 GMT",
       }) {
    EXPECT_EQ(parse_http_date(text), std::nullopt) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace rds_exporter::common
