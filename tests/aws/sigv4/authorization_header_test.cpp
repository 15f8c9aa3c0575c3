#include "aws/sigv4/authorization_header.h"

#include <gtest/gtest.h>

#include <string>

namespace rds_exporter::aws {
namespace {

const std::string kSignature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
const std::string kValid =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" +
    kSignature;

AuthorizationHeader expected_header() {
  return {{"AKIDEXAMPLE", {"20150830", "us-east-1", "service"}}, {"host", "x-amz-date"}, kSignature};
}

TEST(AwsAuthorizationHeader, ParsesAValidHeader) {
  const auto parsed = parse_authorization_header(kValid);
  ASSERT_TRUE(std::holds_alternative<AuthorizationHeader>(parsed)) << std::get<std::string>(parsed);
  EXPECT_EQ(std::get<AuthorizationHeader>(parsed), expected_header());
}

TEST(AwsAuthorizationHeader, FormatAndParseRoundTrip) {
  EXPECT_EQ(format_authorization_header(expected_header()), kValid);
  EXPECT_EQ(std::get<AuthorizationHeader>(parse_authorization_header(format_authorization_header(expected_header()))),
            expected_header());
}

TEST(AwsAuthorizationHeader, AcceptsAnyComponentOrderAndNoSpaceAfterCommas) {
  const std::string reordered = "AWS4-HMAC-SHA256 Signature=" + kSignature +
                                ",SignedHeaders=host;x-amz-date,"
                                "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
  const auto parsed = parse_authorization_header(reordered);
  ASSERT_TRUE(std::holds_alternative<AuthorizationHeader>(parsed)) << std::get<std::string>(parsed);
  EXPECT_EQ(std::get<AuthorizationHeader>(parsed), expected_header());
}

TEST(AwsAuthorizationHeader, RejectsMalformedHeadersWithAMessage) {
  const std::string credential = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
  const std::string headers = "SignedHeaders=host;x-amz-date";
  const std::string signature = "Signature=" + kSignature;
  const std::vector<std::string> malformed{
      "",
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA512 " + credential + ", " + headers + ", " + signature,
      "Bearer token",
      "AWS4-HMAC-SHA256 " + credential + ", " + headers,
      "AWS4-HMAC-SHA256 " + credential + ", " + headers + ", " + signature + ", " + signature,
      "AWS4-HMAC-SHA256 " + credential + ", " + headers + ", " + signature + ", Extra=1",
      "AWS4-HMAC-SHA256 " + credential + ", " + headers + ", " + signature + ",",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, " + headers + ", " + signature,
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, " + headers + ", " + signature,
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015083/us-east-1/service/aws4_request, " + headers + ", " + signature,
      "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, " + headers + ", " + signature,
      "AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host;;x-amz-date, " + signature,
      "AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=, " + signature,
      "AWS4-HMAC-SHA256 " + credential + ", " + headers + ", Signature=abc",
      "AWS4-HMAC-SHA256 " + credential + ", " + headers + ", Signature=" + std::string(64, 'G'),
  };
  for (const auto& value : malformed) {
    const auto parsed = parse_authorization_header(value);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << value;
    EXPECT_FALSE(std::get<std::string>(parsed).empty()) << value;
  }
}

TEST(AwsSigningCredential, ParsesTheXAmzCredentialForm) {
  const auto parsed = parse_signing_credential("AKID/20240501/eu-west-1/rds/aws4_request");
  ASSERT_TRUE(std::holds_alternative<SigningCredential>(parsed)) << std::get<std::string>(parsed);
  EXPECT_EQ(std::get<SigningCredential>(parsed), (SigningCredential{"AKID", {"20240501", "eu-west-1", "rds"}}));
  EXPECT_EQ(std::get<SigningCredential>(parsed).to_string(), "AKID/20240501/eu-west-1/rds/aws4_request");
}

}  // namespace
}  // namespace rds_exporter::aws
