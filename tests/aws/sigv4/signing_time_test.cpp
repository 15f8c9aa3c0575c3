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

}  // namespace
}  // namespace rds_exporter::aws
