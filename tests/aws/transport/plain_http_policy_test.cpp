#include "aws/transport/plain_http_policy.h"

#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

TEST(PlainHttpPolicy, AllowsLoopbackAndTheAwsMetadataAddresses) {
  for (const char* host : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost",
                           "LocalHost", "169.254.169.254", "fd00:ec2::254", "[fd00:ec2::254]", "169.254.170.2",
                           "169.254.170.23", "fd00:ec2::23", "[FD00:EC2::23]"}) {
    EXPECT_TRUE(plain_http_allowed(host)) << host;
  }
}

TEST(PlainHttpPolicy, RefusesEverythingElse) {
  for (const char* host : {"", "example.com", "rds.us-east-1.amazonaws.com", "localhost.example.com", "128.0.0.1",
                           "10.0.0.1", "169.254.169.253", "169.254.170.3", "0.0.0.0", "::", "::2", "fd00:ec2::1",
                           "127.1", "0x7f.0.0.1", "[127.0.0.1]", "::ffff:127.0.0.1", "[::1", "127.0.0.1.nip.io"}) {
    EXPECT_FALSE(plain_http_allowed(host)) << host;
  }
}

}  // namespace
}  // namespace rds_exporter::aws
