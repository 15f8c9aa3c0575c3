#include "aws/protocol/timestamp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono_literals;

TimePoint utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  return std::chrono::sys_days{std::chrono::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

TEST(FormatIso8601, WritesWholeSecondsWithoutFraction) {
  EXPECT_EQ(format_iso8601(utc(2024, 5, 1, 12, 0, 0)), "2024-05-01T12:00:00Z");
}

TEST(FormatIso8601Microseconds, AlwaysWritesSixDigitsOfFraction) {
  EXPECT_EQ(format_iso8601_microseconds(utc(2026, 12, 6, 19, 50, 0) + 123456us + 999ns),
            "2026-12-06T19:50:00.123456Z");
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

TEST(FromEpochSeconds, AcceptsFractionsAndExponentNotation) {
  EXPECT_EQ(from_epoch_seconds(1.7145648E9), utc(2024, 5, 1, 12, 0, 0));
  EXPECT_EQ(from_epoch_seconds(1714564860.5), utc(2024, 5, 1, 12, 1, 0) + 500ms);
  EXPECT_EQ(from_epoch_seconds(1.5264875436E9), TimePoint{1526487543600ms});
}

TEST(FromEpochSeconds, RejectsValuesThatAreNoTime) {
  EXPECT_EQ(from_epoch_seconds(std::nan("")), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(std::numeric_limits<double>::infinity()), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(1e300), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(-1e300), std::nullopt);
  // 2300-01-01 and 9999-12-31: four-digit years, but past what the clock holds.
  EXPECT_EQ(from_epoch_seconds(10413792000.0), std::nullopt);
  EXPECT_EQ(from_epoch_seconds(253402300799.0), std::nullopt);
  EXPECT_EQ(from_epoch_milliseconds(10413792000000.0), std::nullopt);
}

TEST(FromEpochMilliseconds, ReadsTheSsoPortalsExpiration) {
  EXPECT_EQ(from_epoch_milliseconds(1714593600000.0), utc(2024, 5, 1, 20, 0, 0));
}

}  // namespace
}  // namespace rds_exporter::aws
