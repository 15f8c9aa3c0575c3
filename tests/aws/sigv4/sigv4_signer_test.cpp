#include "aws/sigv4/sigv4_signer.h"

#include "aws/sigv4/authorization_header.h"
#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signature.h"
#include "common/text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace rds_exporter::aws {
namespace {

using namespace std::chrono;

const Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
const system_clock::time_point kTime = sys_days{year{2024} / 5 / 1} + hours{10} + minutes{20} + seconds{30};

common::HttpRequest describe_db_instances() {
  return {
      "POST",
      "/",
      {},
      {{"Host", "rds.us-east-1.amazonaws.com"}, {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
      "Action=DescribeDBInstances&Version=2014-10-31"};
}

SigningParams rds_params() {
  SigningParams params;
  params.region = "us-east-1";
  params.service = "rds";
  params.time = kTime;
  return params;
}

std::vector<std::string> values_of(const std::vector<std::pair<std::string, std::string>>& fields,
                                   std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : fields) {
    if (common::equals_ignore_case_ascii(key, name)) values.push_back(value);
  }
  return values;
}

std::string only_value(const std::vector<std::pair<std::string, std::string>>& fields, std::string_view name) {
  const auto values = values_of(fields, name);
  if (values.size() != 1) throw std::runtime_error("expected exactly one " + std::string(name));
  return values.front();
}

// What rds_sim will do with a received request: recompute the signature from the Authorization header's
// scope and SignedHeaders and the principal's secret.
std::string recompute_header_signature(const common::HttpRequest& received, const std::string& secret) {
  const auto authorization =
      std::get<AuthorizationHeader>(parse_authorization_header(only_value(received.headers, "Authorization")));
  const std::string canonical =
      canonical_request(received, authorization.signed_headers, sha256_hex(received.body), true);
  const std::string to_sign =
      string_to_sign(only_value(received.headers, "X-Amz-Date"), authorization.credential.scope, canonical);
  return signature_hex(derive_signing_key(secret, authorization.credential.scope), to_sign);
}

// Independently computed (Python hashlib/hmac) for this request, time and key.
TEST(AwsSigV4Signer, QueryProtocolPostSignsToTheKnownSignature) {
  common::HttpRequest request = describe_db_instances();
  const SigningResult result = SigV4Signer{}.sign(request, kCredentials, rds_params());
  EXPECT_EQ(result.signature, "dfa4e236abf330d609505726fbedb4a20c04457cfb4b0e12b08b57b78d7307b0");
  EXPECT_EQ(only_value(request.headers, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/rds/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=dfa4e236abf330d609505726fbedb4a20c04457cfb4b0e12b08b57b78d7307b0");
  EXPECT_EQ(only_value(request.headers, "X-Amz-Date"), "20240501T102030Z");
}

TEST(AwsSigV4Signer, QueryProtocolPostSignsDeterministically) {
  const SigV4Signer signer;
  common::HttpRequest first = describe_db_instances();
  common::HttpRequest second = describe_db_instances();
  EXPECT_EQ(signer.sign(first, kCredentials, rds_params()).signature,
            signer.sign(second, kCredentials, rds_params()).signature);
  EXPECT_EQ(first.headers, second.headers);
}

TEST(AwsSigV4Signer, AVerifierRecomputesTheSignatureFromTheReceivedRequest) {
  common::HttpRequest request = describe_db_instances();
  const SigningResult result = SigV4Signer{}.sign(request, kCredentials, rds_params());
  EXPECT_EQ(recompute_header_signature(request, kCredentials.secret_access_key), result.signature);
  request.body += "&MaxRecords=20";
  EXPECT_NE(recompute_header_signature(request, kCredentials.secret_access_key), result.signature);
}

// A caller that keeps the body apart (ServiceClient, once per call for every attempt) signs the request's head
// with the body's hash: the same signature as the whole request's.
TEST(AwsSigV4Signer, AGivenBodyHashSignsTheHeadAsTheWholeRequestIsSigned) {
  common::HttpRequest whole = describe_db_instances();
  const SigningResult expected = SigV4Signer{}.sign(whole, kCredentials, rds_params());
  common::HttpRequest head = describe_db_instances();
  SigningParams params = rds_params();
  params.body_sha256 = sha256_hex(head.body);
  head.body.clear();
  EXPECT_EQ(SigV4Signer{}.sign(head, kCredentials, params).signature, expected.signature);
  EXPECT_EQ(head.headers, whole.headers);
}

TEST(AwsSigV4Signer, UnsignedPayloadLeavesTheBodyOutOfTheSignature) {
  SigningParams params = rds_params();
  params.payload = PayloadHash::unsigned_payload;
  params.content_sha256_header = true;
  common::HttpRequest request = describe_db_instances();
  const SigningResult result = SigV4Signer{}.sign(request, kCredentials, params);
  EXPECT_TRUE(result.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
  EXPECT_NE(result.canonical_request.find("\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n"), std::string::npos);
  EXPECT_EQ(only_value(request.headers, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");

  common::HttpRequest other_body = describe_db_instances();
  other_body.body = "Action=DescribeDBClusters&Version=2014-10-31";
  EXPECT_EQ(SigV4Signer{}.sign(other_body, kCredentials, params).signature, result.signature);
}

TEST(AwsSigV4Signer, SigningAgainReplacesTheEarlierSignature) {
  const SigV4Signer signer;
  Credentials temporary = kCredentials;
  temporary.session_token = "token";
  SigningParams params = rds_params();
  params.content_sha256_header = true;
  common::HttpRequest request = describe_db_instances();
  signer.sign(request, temporary, params);
  params.time += minutes{5};
  const SigningResult again = signer.sign(request, temporary, params);

  common::HttpRequest fresh = describe_db_instances();
  EXPECT_EQ(signer.sign(fresh, temporary, params).signature, again.signature);
  for (const char* name : {"Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256"}) {
    EXPECT_EQ(values_of(request.headers, name).size(), 1U) << name;
  }
  EXPECT_EQ(only_value(request.headers, "X-Amz-Date"), "20240501T102530Z");
}

TEST(AwsSigV4Signer, PresignedRequestVerifiesFromItsQueryParameters) {
  common::HttpRequest request{"GET", "/", {{"Action", "GetCallerIdentity"}}, {{"Host", "sts.amazonaws.com"}}, ""};
  SigningParams params = rds_params();
  params.service = "sts";
  const SigningResult result = SigV4Signer{}.presign(request, kCredentials, params, seconds{900});
  EXPECT_EQ(only_value(request.query, "X-Amz-Expires"), "900");
  EXPECT_EQ(only_value(request.query, "X-Amz-Signature"), result.signature);

  common::HttpRequest received = request;
  std::erase_if(received.query, [](const auto& param) { return param.first == "X-Amz-Signature"; });
  const auto credential =
      std::get<SigningCredential>(parse_signing_credential(only_value(received.query, "X-Amz-Credential")));
  const std::string signed_headers = only_value(received.query, "X-Amz-SignedHeaders");
  const auto split_names = common::split(signed_headers, ';');
  const std::vector<std::string> names(split_names.begin(), split_names.end());
  const std::string canonical = canonical_request(received, names, sha256_hex(received.body), true);
  const std::string to_sign = string_to_sign(only_value(received.query, "X-Amz-Date"), credential.scope, canonical);
  EXPECT_EQ(signature_hex(derive_signing_key(kCredentials.secret_access_key, credential.scope), to_sign),
            result.signature);
}

TEST(AwsSigV4Signer, PresignRejectsAnExpiryAwsWouldRefuse) {
  const SigV4Signer signer;
  common::HttpRequest request = describe_db_instances();
  EXPECT_THROW(signer.presign(request, kCredentials, rds_params(), seconds{0}), std::invalid_argument);
  EXPECT_THROW(signer.presign(request, kCredentials, rds_params(), days{7} + seconds{1}), std::invalid_argument);
  EXPECT_NO_THROW(signer.presign(request, kCredentials, rds_params(), days{7}));
}

TEST(AwsSigV4Signer, RefusesARequestWithoutHostAndKeepsSecretsOutOfTheError) {
  Credentials temporary = kCredentials;
  temporary.session_token = "session-token-value";
  common::HttpRequest request = describe_db_instances();
  std::erase_if(request.headers, [](const auto& header) { return header.first == "Host"; });
  try {
    SigV4Signer{}.sign(request, temporary, rds_params());
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find(temporary.secret_access_key), std::string::npos);
    EXPECT_EQ(message.find(temporary.session_token), std::string::npos);
  }
}

}  // namespace
}  // namespace rds_exporter::aws
