#include "common/time_text.h"
#include "aws/sigv4/sigv4_signer.h"
#include "sim/auth/authorizer.h"
#include "sim/auth/request_authenticator.h"
#include "sim/auth/signature_claim.h"
#include "sim_fixtures.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim {
namespace {

using namespace std::chrono;
using testing::kNow;
using testing::principal;
using testing::signed_request;

constexpr std::string_view kBody = "Action=DescribeDBInstances&Version=2014-10-31";

class SimAuthentication : public ::testing::Test {
 protected:
  std::variant<const Principal*, ApiError> authenticate(const common::HttpRequest& request) const {
    auto reading = read_signature_claim(request);
    if (auto* error = std::get_if<ApiError>(&reading)) return *error;
    return authenticator_.authenticate(request, std::get<SignatureClaim>(reading), testing::small_fleet());
  }

  ApiError rejection(const common::HttpRequest& request) const {
    auto result = authenticate(request);
    if (auto* error = std::get_if<ApiError>(&result)) return *error;
    ADD_FAILURE() << "the request was accepted";
    return {};
  }

  std::string accepted_name(const common::HttpRequest& request) const {
    auto result = authenticate(request);
    if (auto* error = std::get_if<ApiError>(&result)) return "rejected: " + error->code + ": " + error->message;
    return std::get<const Principal*>(result)->name;
  }

  system_clock::time_point now_ = kNow;
  RequestAuthenticator authenticator_{[this] { return now_; }};
};

void set_header(common::HttpRequest& request, std::string_view name, std::string value) {
  for (auto& [key, existing] : request.headers) {
    if (key == name) existing = std::move(value);
  }
}

Principal with_secret(const Principal& principal, std::string secret) {
  Principal copy = principal;
  copy.secret_access_key = std::move(secret);
  return copy;
}

TEST_F(SimAuthentication, AcceptsARequestSignedWithLongTermKeys) {
  EXPECT_EQ(accepted_name(signed_request(principal("rds-exporter"), std::string(kBody))), "rds-exporter");
}

TEST_F(SimAuthentication, AcceptsTemporaryKeysWithTheirSessionToken) {
  EXPECT_EQ(accepted_name(signed_request(principal("rds-exporter-sts"), std::string(kBody))), "rds-exporter-sts");
}

TEST_F(SimAuthentication, RejectsAWrongSecretWithSignatureDoesNotMatch) {
  const ApiError error = rejection(signed_request(with_secret(principal("rds-exporter"), "wrong"), std::string(kBody)));
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(error.code, "SignatureDoesNotMatch");
  EXPECT_EQ(error.message,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
            "Access Key and signing method. Consult the service documentation for details.");
}

TEST_F(SimAuthentication, RejectsABodyChangedAfterSigning) {
  common::HttpRequest request = signed_request(principal("rds-exporter"), std::string(kBody));
  request.body += "&MaxRecords=20";
  EXPECT_EQ(rejection(request).code, "SignatureDoesNotMatch");
}

TEST_F(SimAuthentication, RejectsAContentHashThatDoesNotMatchTheBody) {
  common::HttpRequest request = signed_request(principal("rds-exporter"), std::string(kBody));
  request.headers.emplace_back("x-amz-content-sha256", std::string(64, '0'));
  EXPECT_EQ(rejection(request).code, "SignatureDoesNotMatch");
}

TEST_F(SimAuthentication, RejectsASignedHeaderTheRequestLacks) {
  common::HttpRequest request = signed_request(principal("rds-exporter"), std::string(kBody));
  std::erase_if(request.headers, [](const auto& header) { return header.first == "Content-Type"; });
  EXPECT_EQ(rejection(request).code, "SignatureDoesNotMatch");
}

TEST_F(SimAuthentication, RejectsAnUnknownAccessKeyWithInvalidClientTokenId) {
  Principal stranger = principal("rds-exporter");
  stranger.access_key_id = "AKIAUNKNOWNKEY000001";
  EXPECT_EQ(rejection(signed_request(stranger, std::string(kBody))),
            (ApiError{403, "InvalidClientTokenId", "The security token included in the request is invalid."}));
}

TEST_F(SimAuthentication, RejectsSessionTokensThatDoNotBelongToTheKey) {
  Principal without_token = principal("rds-exporter-sts");
  without_token.session_token.clear();
  EXPECT_EQ(rejection(signed_request(without_token, std::string(kBody))).code, "InvalidClientTokenId");
  Principal wrong_token = principal("rds-exporter-sts");
  wrong_token.session_token = "someone-elses-token";
  EXPECT_EQ(rejection(signed_request(wrong_token, std::string(kBody))).code, "InvalidClientTokenId");
  Principal long_term_with_token = principal("rds-exporter");
  long_term_with_token.session_token = "rdssim-session-token-valid";
  EXPECT_EQ(rejection(signed_request(long_term_with_token, std::string(kBody))).code, "InvalidClientTokenId");
}

TEST_F(SimAuthentication, RejectsAnExpiredSessionWithExpiredToken) {
  EXPECT_EQ(rejection(signed_request(principal("expired-session"), std::string(kBody))),
            (ApiError{403, "ExpiredToken", "The security token included in the request is expired"}));
}

TEST_F(SimAuthentication, AllowsFifteenMinutesOfClockSkewEitherWay) {
  EXPECT_EQ(accepted_name(signed_request(principal("rds-exporter"), std::string(kBody), "rds", kNow - minutes{15})),
            "rds-exporter");
  EXPECT_EQ(accepted_name(signed_request(principal("rds-exporter"), std::string(kBody), "rds", kNow + minutes{15})),
            "rds-exporter");
}

TEST_F(SimAuthentication, RejectsMoreSkewAsAwsDoes) {
  EXPECT_EQ(rejection(signed_request(principal("rds-exporter"), std::string(kBody), "rds", kNow - minutes{16})),
            (ApiError{403, "SignatureDoesNotMatch",
                      "Signature expired: 20261125T004600Z is now earlier than 20261125T004700Z (20261125T010200Z - "
                      "15 min.)"}));
  EXPECT_EQ(rejection(signed_request(principal("rds-exporter"), std::string(kBody), "rds", kNow + minutes{16})),
            (ApiError{403, "SignatureDoesNotMatch",
                      "Signature not yet current: 20261125T011800Z is still later than 20261125T011700Z "
                      "(20261125T010200Z + 15 min.)"}));
}

TEST_F(SimAuthentication, RejectsAScopeForAnotherRegion) {
  EXPECT_EQ(
      rejection(signed_request(principal("rds-exporter"), std::string(kBody), "rds", kNow, "us-east-1")),
      (ApiError{403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'us-east-1'. "}));
}

TEST_F(SimAuthentication, RejectsAScopeDateOtherThanTheSigningDate) {
  common::HttpRequest request = signed_request(principal("rds-exporter"), std::string(kBody));
  set_header(request, "X-Amz-Date", common::amz_date(kNow + hours{24}));
  EXPECT_EQ(rejection(request).message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261125' != "
            "'20261126', from '20261126T010200Z'.");
}

TEST_F(SimAuthentication, RejectsAMalformedSigningTime) {
  common::HttpRequest request = signed_request(principal("rds-exporter"), std::string(kBody));
  set_header(request, "X-Amz-Date", "2026-11-25T01:02:00Z");
  EXPECT_EQ(rejection(request).code, "IncompleteSignature");
}

TEST_F(SimAuthentication, TellsAMissingSignatureFromAMalformedOne) {
  common::HttpRequest unsigned_request{"POST", "/", {}, {{"Host", "h"}}, std::string(kBody)};
  EXPECT_TRUE(std::holds_alternative<NoSignature>(read_signature_claim(unsigned_request)));

  common::HttpRequest garbled = signed_request(principal("rds-exporter"), std::string(kBody));
  set_header(garbled, "Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/2026/x, Signature=abc");
  const auto reading = read_signature_claim(garbled);
  ASSERT_TRUE(std::holds_alternative<ApiError>(reading));
  EXPECT_EQ(std::get<ApiError>(reading).code, "IncompleteSignature");
  EXPECT_EQ(std::get<ApiError>(reading).http_status, 400);

  common::HttpRequest dateless = signed_request(principal("rds-exporter"), std::string(kBody));
  std::erase_if(dateless.headers, [](const auto& header) { return header.first == "X-Amz-Date"; });
  EXPECT_EQ(std::get<ApiError>(read_signature_claim(dateless)).message,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
}

class SimPresignedAuthentication : public SimAuthentication {
 protected:
  common::HttpRequest presigned(const Principal& signer, seconds expires, system_clock::time_point time = kNow) const {
    common::HttpRequest request{
        "GET", "/", {{"Action", "DescribeDBInstances"}, {"Version", "2014-10-31"}}, {{"Host", "127.0.0.1:9044"}}, ""};
    aws::SigningParams signing;
    signing.region = std::string(testing::kRegion);
    signing.service = "rds";
    signing.time = time;
    aws::SigV4Signer().presign(request, {signer.access_key_id, signer.secret_access_key, signer.session_token}, signing,
                               expires);
    return request;
  }
};

TEST_F(SimPresignedAuthentication, AcceptsAPresignedUrlUntilItExpires) {
  EXPECT_EQ(accepted_name(presigned(principal("rds-exporter-sts"), minutes{30}, kNow - minutes{29})),
            "rds-exporter-sts");
  EXPECT_EQ(rejection(presigned(principal("rds-exporter"), minutes{30}, kNow - minutes{31})).message,
            "Signature expired: 20261125T003100Z is now earlier than 20261125T003200Z (20261125T010200Z - 30 min.)");
}

TEST_F(SimPresignedAuthentication, RejectsATamperedOrIncompleteQuery) {
  common::HttpRequest tampered = presigned(principal("rds-exporter"), minutes{5});
  tampered.query.emplace_back("MaxRecords", "20");
  EXPECT_EQ(rejection(tampered).code, "SignatureDoesNotMatch");
  common::HttpRequest incomplete = presigned(principal("rds-exporter"), minutes{5});
  std::erase_if(incomplete.query, [](const auto& param) { return param.first == "X-Amz-Expires"; });
  EXPECT_EQ(std::get<ApiError>(read_signature_claim(incomplete)).code, "IncompleteSignature");
  common::HttpRequest both = presigned(principal("rds-exporter"), minutes{5});
  both.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 ...");
  EXPECT_EQ(std::get<ApiError>(read_signature_claim(both)).code, "IncompleteSignature");
}

TEST(SimAuthorizer, AllowsListedActionsCaseInsensitivelyAndWithWildcards) {
  Principal caller;
  caller.arn = "arn:aws:iam::123456789012:user/caller";
  caller.allowed_actions = {"rds:DescribeDBInstances", "cloudwatch:Get*"};
  EXPECT_TRUE(is_allowed(caller, "rds:DescribeDBInstances"));
  EXPECT_TRUE(is_allowed(caller, "RDS:describedbinstances"));
  EXPECT_TRUE(is_allowed(caller, "cloudwatch:GetMetricData"));
  EXPECT_FALSE(is_allowed(caller, "rds:DescribeDBClusters"));
  EXPECT_FALSE(is_allowed(caller, "rds:DescribeDBInstancesX"));
  caller.allowed_actions = {"*"};
  EXPECT_TRUE(is_allowed(caller, "sts:GetCallerIdentity"));
  caller.allowed_actions = {};
  EXPECT_FALSE(is_allowed(caller, "rds:DescribeDBInstances"));
}

TEST(SimAuthorizer, DeniesInAwsWords) {
  const auto denied =
      authorize(principal("no-rights"), "rds:DescribeDBClusters", "arn:aws:rds:ap-northeast-2:123456789012:cluster:*");
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(*denied, (ApiError{403, "AccessDenied",
                               "User: arn:aws:iam::123456789012:user/no-rights is not authorized to perform: "
                               "rds:DescribeDBClusters on resource: arn:aws:rds:ap-northeast-2:123456789012:cluster:* "
                               "because no identity-based policy allows the rds:DescribeDBClusters action"}));
  EXPECT_FALSE(authorize(principal("rds-exporter"), "rds:DescribeDBClusters", "*").has_value());
}

}  // namespace
}  // namespace rds_exporter::sim
