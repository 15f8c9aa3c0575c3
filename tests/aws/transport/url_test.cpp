#include "aws/transport/url.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(ParseUrl, SplitsSchemeHostPortAndPath) {
  const auto url = parse_url("HTTPS://rds.eu-west-1.amazonaws.com:8443/a/b?Action=X#top");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "rds.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->path, "/a/b");
}

TEST(ParseUrl, LeavesThePortUnsetAndThePathRootWhenAbsent) {
  const auto url = parse_url("https://sts.amazonaws.com?Action=GetCallerIdentity");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "sts.amazonaws.com");
  EXPECT_FALSE(url->port);
  EXPECT_EQ(url->path, "/");
}

TEST(ParseUrl, StripsTheBracketsOfAnIpv6Literal) {
  const auto url = parse_url("http://[fd00:ec2::254]:80/latest/api/token");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "fd00:ec2::254");
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->path, "/latest/api/token");
}

TEST(ParseUrl, DropsUserInfo) {
  const auto url = parse_url("http://user:secret@127.0.0.1:3128");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 3128);
}

TEST(ParseUrl, RejectsWhatIsNotAnAbsoluteUrl) {
  for (const char* text : {"", "sts.amazonaws.com", "/path", "https://", "https:///path", "https://host:/",
                           "https://host:0/", "https://host:65536/", "https://host:8x/", "https://[::1/",
                           "https://[::1]x/", "https://[]/", "https://[not-ip]/", "1http://host/", "https://ho st/"}) {
    EXPECT_FALSE(parse_url(text)) << text;
  }
}

}  // namespace
}  // namespace rds_exporter::aws
