#include "common/base64.h"

#include <gtest/gtest.h>

namespace rds_exporter::common {
namespace {

TEST(DecodeBase64, ReadsPaddedBase64) {
  EXPECT_EQ(decode_base64("cHJvbWV0aGV1czpzM2NyZXQ="), "prometheus:s3cret");
  EXPECT_EQ(decode_base64("YQ=="), "a");
  EXPECT_EQ(decode_base64("YWI="), "ab");
  EXPECT_EQ(decode_base64("YWJj"), "abc");
  EXPECT_EQ(decode_base64("+/+/"), std::string("\xfb\xff\xbf", 3));
}

TEST(DecodeBase64, RefusesAnythingButStrictPaddedBase64) {
  for (const char* text : {"", "YQ", "YQ=", "Y Q==", "YQ==\n", "!!!!", "YWJj-A==", "YWJjZA"}) {
    EXPECT_EQ(decode_base64(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace rds_exporter::common
