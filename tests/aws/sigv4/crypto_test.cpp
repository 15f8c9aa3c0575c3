#include "aws/sigv4/crypto.h"
#include "aws/sigv4/uri_encode.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(AwsCrypto, Sha256OfEmptyInput) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(AwsCrypto, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(AwsCrypto, HexEncodesEveryByteAsTwoLowercaseDigits) {
  EXPECT_EQ(hex_encode(std::string("\x00\x0f\xab\xff", 4)), "000fabff");
}

TEST(AwsCrypto, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(AwsUriEncode, KeepsUnreservedCharacters) {
  const std::string unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(uri_encode(unreserved), unreserved);
}

TEST(AwsUriEncode, EncodesEverythingElseWithUppercaseHex) {
  EXPECT_EQ(uri_encode("a b+c/d=e&f*"), "a%20b%2Bc%2Fd%3De%26f%2A");
  EXPECT_EQ(uri_encode("\xe1\x88\xb4"), "%E1%88%B4");
  EXPECT_EQ(uri_encode("%41"), "%2541");
}

TEST(AwsUriEncode, PathKeepsSlashes) { EXPECT_EQ(uri_encode_path("/example space/a=b"), "/example%20space/a%3Db"); }

}  // namespace
}  // namespace rds_exporter::aws
