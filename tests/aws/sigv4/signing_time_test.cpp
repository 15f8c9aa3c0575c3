#include "aws/sigv4/signing_time.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono;

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

}  // namespace
}  // namespace rds_exporter::aws
