// Runs every case of the AWS SigV4 test suite (tests/fixtures/sigv4/v4, see its README) in both variants:
// signing with the Authorization header and presigning in the query string.
#include "aws/sigv4/sigv4_signer.h"
#include "common/text.h"
#include "common/time_text.h"
#include "fixture_request.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rds_exporter::aws {
namespace {

namespace fs = std::filesystem;

// The suite as copied for this project; a case added upstream raises this, a lost one must fail.
constexpr std::size_t kExpectedCases = 38;

const fs::path kFixturesDir{SIGV4_FIXTURES_DIR};

std::vector<std::string> discover_cases() {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(kFixturesDir, error), end; !error && it != end; it.increment(error)) {
    if (it->is_directory()) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

struct FixtureCase {
  common::HttpRequest request;
  Credentials credentials;
  SigningParams params;
  std::chrono::seconds expires{};
};

FixtureCase load_case(const fs::path& dir) {
  const auto context = nlohmann::json::parse(read_file(dir / "context.json"));
  FixtureCase fixture;
  fixture.request = testing::parse_fixture_request(read_file(dir / "request.txt"));
  const auto& credentials = context.at("credentials");
  fixture.credentials.access_key_id = credentials.at("access_key_id").get<std::string>();
  fixture.credentials.secret_access_key = credentials.at("secret_access_key").get<std::string>();
  fixture.credentials.session_token = credentials.value("token", "");
  fixture.params.region = context.at("region").get<std::string>();
  fixture.params.service = context.at("service").get<std::string>();
  // "2015-08-30T12:36:00Z" is the X-Amz-Date form once its separators are gone.
  std::string timestamp = context.at("timestamp").get<std::string>();
  std::erase_if(timestamp, [](char c) { return c == '-' || c == ':'; });
  const auto time = common::parse_amz_date(timestamp);
  if (!time) throw std::runtime_error("unparseable timestamp in " + dir.string());
  fixture.params.time = *time;
  fixture.params.normalize_path = context.at("normalize").get<bool>();
  fixture.params.content_sha256_header = context.at("sign_body").get<bool>();
  fixture.params.sign_session_token = !context.value("omit_session_token", false);
  fixture.expires = std::chrono::seconds{context.at("expiration_in_seconds").get<long>()};
  return fixture;
}

// Header names compare case-insensitively and header and parameter order carries no meaning, as in the
// suite's own harness, so both sides are brought to a sorted, lowercase-named form.
common::HttpRequest comparable(common::HttpRequest request) {
  for (auto& header : request.headers) header.first = common::to_lower_ascii(header.first);
  std::sort(request.headers.begin(), request.headers.end());
  std::sort(request.query.begin(), request.query.end());
  return request;
}

void expect_same_request(const common::HttpRequest& actual, const common::HttpRequest& expected) {
  const common::HttpRequest a = comparable(actual);
  const common::HttpRequest e = comparable(expected);
  EXPECT_EQ(a.method, e.method);
  EXPECT_EQ(a.path, e.path);
  EXPECT_EQ(a.query, e.query);
  EXPECT_EQ(a.headers, e.headers);
  EXPECT_EQ(a.body, e.body);
}

class SigV4FixtureTest : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path dir() const { return kFixturesDir / GetParam(); }

  // `variant` is the file-name prefix of the expected results: "header" or "query".
  void expect_matches(const std::string& variant, const SigningResult& result,
                      const common::HttpRequest& signed_request) {
    EXPECT_EQ(result.canonical_request, read_file(dir() / (variant + "-canonical-request.txt")));
    EXPECT_EQ(result.string_to_sign, read_file(dir() / (variant + "-string-to-sign.txt")));
    EXPECT_EQ(result.signature, read_file(dir() / (variant + "-signature.txt")));
    expect_same_request(signed_request,
                        testing::parse_fixture_request(read_file(dir() / (variant + "-signed-request.txt"))));
  }
};

TEST_P(SigV4FixtureTest, HeaderVariant) {
  const FixtureCase fixture = load_case(dir());
  common::HttpRequest request = fixture.request;
  const SigningResult result = SigV4Signer{}.sign(request, fixture.credentials, fixture.params);
  expect_matches("header", result, request);
}

TEST_P(SigV4FixtureTest, QueryVariant) {
  const FixtureCase fixture = load_case(dir());
  common::HttpRequest request = fixture.request;
  const SigningResult result = SigV4Signer{}.presign(request, fixture.credentials, fixture.params, fixture.expires);
  expect_matches("query", result, request);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(SigV4, SigV4FixtureTest, ::testing::ValuesIn(discover_cases()), test_name);

// The parameterised tests above silently become zero tests if the data is gone, so this one guards it.
TEST(SigV4Fixtures, AllCasesArePresent) {
  ASSERT_TRUE(fs::is_directory(kFixturesDir)) << kFixturesDir << " is missing";
  EXPECT_GE(discover_cases().size(), kExpectedCases);
}

}  // namespace
}  // namespace rds_exporter::aws
