#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signature.h"
#include "aws/sigv4/signing_key_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// The worked example in the AWS documentation ("Examples of how to derive a signing key").
TEST(AwsSigningKey, MatchesTheDocumentedExample) {
  EXPECT_EQ(hex_encode(derive_signing_key(kSecret, {"20120215", "us-east-1", "iam"})),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(AwsSigningKeyCache, ReturnsTheSameKeyForTheSameScope) {
  const SigningKeyCache cache;
  const CredentialScope scope{"20150830", "us-east-1", "rds"};
  const std::string first = cache.signing_key(kSecret, scope);
  EXPECT_EQ(cache.signing_key(kSecret, scope), first);
  EXPECT_EQ(first, derive_signing_key(kSecret, scope));
  EXPECT_EQ(cache.size(), 1U);
}

TEST(AwsSigningKeyCache, ANewDateGivesANewKeyAndDropsTheOldDay) {
  const SigningKeyCache cache;
  const std::string day1 = cache.signing_key(kSecret, {"20150830", "us-east-1", "rds"});
  const std::string day2 = cache.signing_key(kSecret, {"20150831", "us-east-1", "rds"});
  EXPECT_NE(day1, day2);
  EXPECT_EQ(day2, derive_signing_key(kSecret, {"20150831", "us-east-1", "rds"}));
  EXPECT_EQ(cache.size(), 1U);
}

TEST(AwsSigningKeyCache, KeepsOneKeyPerRegionServiceAndSecret) {
  const SigningKeyCache cache;
  const std::string rds = cache.signing_key(kSecret, {"20150830", "us-east-1", "rds"});
  const std::string monitoring = cache.signing_key(kSecret, {"20150830", "us-east-1", "monitoring"});
  const std::string other_region = cache.signing_key(kSecret, {"20150830", "eu-west-1", "rds"});
  const std::string rotated = cache.signing_key("another-secret", {"20150830", "us-east-1", "rds"});
  EXPECT_NE(rds, monitoring);
  EXPECT_NE(rds, other_region);
  EXPECT_NE(rds, rotated);
  EXPECT_EQ(cache.size(), 4U);
}

TEST(AwsSigningKeyCache, IsSafeToShareBetweenThreads) {
  const SigningKeyCache cache;
  const std::vector<std::string> services{"rds", "monitoring", "sts", "pi"};
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const CredentialScope scope{"20150830", "us-east-1", services[(t + static_cast<std::size_t>(i)) % 4]};
        if (cache.signing_key(kSecret, scope) != derive_signing_key(kSecret, scope)) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(mismatches.size(), 0));
  EXPECT_EQ(cache.size(), services.size());
}

}  // namespace
}  // namespace rds_exporter::aws
