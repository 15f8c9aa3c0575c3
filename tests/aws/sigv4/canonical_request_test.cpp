#include "aws/sigv4/canonical_request.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rds_exporter::aws {
namespace {

TEST(AwsCanonicalRequest, NormalizesDotSegmentsAndEmptySegments) {
  EXPECT_EQ(normalize_path("/a/b/../c"), "/a/c");
  EXPECT_EQ(normalize_path("/a/./b//c/"), "/a/b/c/");
  EXPECT_EQ(normalize_path("/../.."), "/");
  EXPECT_EQ(normalize_path(""), "/");
}

TEST(AwsCanonicalRequest, CanonicalUriEncodesOnceAndOnlyNormalizesWhenAsked) {
  EXPECT_EQ(canonical_uri("//a b//", true), "/a%20b/");
  EXPECT_EQ(canonical_uri("//a b//", false), "//a%20b//");
  EXPECT_EQ(canonical_uri("", false), "/");
}

TEST(AwsCanonicalRequest, QuerySortsByKeyThenValue) {
  EXPECT_EQ(canonical_query_string({{"b", "2"}, {"a", "2"}, {"a", "1"}, {"c", ""}}), "a=1&a=2&b=2&c=");
}

TEST(AwsCanonicalRequest, QueryEncodesKeysAndValuesBeforeSorting) {
  // Raw, '-' (0x2D) sorts before '=' (0x3D); encoded, "%3D" sorts before "-".
  EXPECT_EQ(canonical_query_string({{"-", "a b"}, {"=", "x"}}), "%3D=x&-=a%20b");
}

TEST(AwsCanonicalRequest, HeaderValueIsTrimmedAndWhitespaceRunsCollapsed) {
  EXPECT_EQ(canonical_header_value("  a \t b\n   c  "), "a b c");
  EXPECT_EQ(canonical_header_value(""), "");
}

TEST(AwsCanonicalRequest, SignableHeadersSkipThoseRewrittenInTransit) {
  const common::Headers headers{{"Host", "h"},           {"User-Agent", "x"}, {"Authorization", "old"},
                                {"X-Amz-Date", "d"},     {"host", "h2"},      {"Expect", "100-continue"},
                                {"X-Amzn-Trace-Id", "t"}};
  EXPECT_EQ(signable_header_names(headers), (std::vector<std::string>{"host", "x-amz-date"}));
}

TEST(AwsCanonicalRequest, SignedHeadersListIsSortedAndLowercase) {
  const std::vector<std::string> names{"X-Amz-Date", "host", "content-type"};
  EXPECT_EQ(signed_headers_list(names), "content-type;host;x-amz-date");
}

TEST(AwsCanonicalRequest, BuildsFromTheGivenSignedHeadersOnly) {
  const common::HttpRequest request{"GET", "/", {}, {{"Host", "h"}, {"X-Other", "o"}, {"x-amz-date", "d"}}, ""};
  const std::vector<std::string> names{"x-amz-date", "Host"};
  EXPECT_EQ(canonical_request(request, names, kUnsignedPayload, true),
            "GET\n/\n\nhost:h\nx-amz-date:d\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD");
}

TEST(AwsCanonicalRequest, ASignedHeaderMissingFromTheRequestIsAnError) {
  const common::HttpRequest request{"GET", "/", {}, {{"Host", "h"}}, ""};
  const std::vector<std::string> names{"host", "x-amz-date"};
  EXPECT_THROW(canonical_request(request, names, kUnsignedPayload, true), std::invalid_argument);
}

}  // namespace
}  // namespace rds_exporter::aws
