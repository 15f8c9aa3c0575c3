#include "http/basic_auth.h"

#include <crypt.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>
#include <string>

namespace rds_exporter::http {
namespace {

// A bcrypt hash of `password` as htpasswd -B would make it, at cost 4 to keep the tests fast.
std::string bcrypt(const std::string& password, const char* prefix = "$2b$") {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  if (crypt_gensalt_rn(prefix, 4, nullptr, 0, setting, sizeof setting) == nullptr) {
    throw std::runtime_error("crypt_gensalt_rn failed");
  }
  const auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(password.c_str(), setting, data.get(), sizeof *data);
  if (hash == nullptr) throw std::runtime_error("crypt_rn failed");
  return hash;
}

std::string base64(const std::string& text) {
  std::string encoded(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return encoded;
}

std::string basic(const std::string& user, const std::string& password) {
  return "Basic " + base64(user + ":" + password);
}

class BasicAuthTest : public ::testing::Test {
 protected:
  BasicAuthenticator authenticator_{{{"prometheus", bcrypt("s3cret:with colon")}, {"legacy", bcrypt("old", "$2y$")}}};
};

TEST_F(BasicAuthTest, AcceptsTheRightPassword) {
  EXPECT_TRUE(authenticator_.enabled());
  EXPECT_TRUE(authenticator_.verify(basic("prometheus", "s3cret:with colon")));
  EXPECT_TRUE(authenticator_.verify(basic("legacy", "old")));           // htpasswd's $2y$
  EXPECT_TRUE(authenticator_.verify("basic " + base64("legacy:old")));  // the scheme is case-insensitive
}

TEST_F(BasicAuthTest, RefusesAWrongPasswordAndAnUnknownUser) {
  EXPECT_FALSE(authenticator_.verify(basic("prometheus", "s3cret")));
  EXPECT_FALSE(authenticator_.verify(basic("prometheus", "")));
  EXPECT_FALSE(authenticator_.verify(basic("legacy", "s3cret:with colon")));  // another user's password
  EXPECT_FALSE(authenticator_.verify(basic("nobody", "s3cret:with colon")));
}

TEST_F(BasicAuthTest, AnUnknownUserCostsOneBcryptLikeAKnownOne) {
  EXPECT_FALSE(authenticator_.verify(basic("nobody", "guess")));
  EXPECT_EQ(authenticator_.hash_computations(), 1u);
}

TEST_F(BasicAuthTest, RefusesMalformedHeadersWithoutHashing) {
  for (const std::string& header : {
           std::string(""),
           std::string("Basic"),
           std::string("Basic "),
           std::string("Bearer ") + base64("prometheus:s3cret:with colon"),
           std::string("Basic !!!!"),
           std::string("Basic ") + base64("prometheus:s3cret:with colon").substr(1),  // truncated
           std::string("Basic ") + base64("no colon here"),
           std::string("Basic  ") + base64("prometheus:s3cret:with colon"),  // two spaces
           std::string("Basic ") + base64("prometheus:s3cret:with colon") + "\r\n",
       }) {
    EXPECT_FALSE(authenticator_.verify(header)) << header;
  }
  EXPECT_EQ(authenticator_.hash_computations(), 0u);
}

TEST_F(BasicAuthTest, APasswordWithANulByteDoesNotMatchItsPrefix) {
  EXPECT_FALSE(authenticator_.verify(basic("legacy", std::string("old\0more", 8))));
}

TEST_F(BasicAuthTest, RepeatedScrapesPayBcryptOnce) {
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(authenticator_.verify(basic("prometheus", "s3cret:with colon")));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(authenticator_.verify(basic("prometheus", "wrong")));
  EXPECT_EQ(authenticator_.hash_computations(), 2u);
}

TEST_F(BasicAuthTest, TheCacheIsBounded) {
  EXPECT_TRUE(authenticator_.verify(basic("prometheus", "s3cret:with colon")));
  // Each result is cached, so the hasher is faked here: only the count of computations matters.
  for (std::size_t i = 0; i < BasicAuthenticator::kCacheCapacity; ++i) {
    authenticator_.verify(basic("nobody", std::to_string(i)));
  }
  const auto before = authenticator_.hash_computations();
  EXPECT_TRUE(authenticator_.verify(basic("prometheus", "s3cret:with colon")));  // evicted: computed again
  EXPECT_EQ(authenticator_.hash_computations(), before + 1);
}

TEST_F(BasicAuthTest, ServesConcurrentRequests) {
  // The server verifies on worker threads: concurrent right and wrong passwords each get their own answer.
  std::vector<std::thread> workers;
  std::vector<int> right(4, 0), wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        right[t] += authenticator_.verify(basic("prometheus", "s3cret:with colon")) ? 1 : 0;
        wrong[t] += authenticator_.verify(basic("prometheus", "guess" + std::to_string(i % 3))) ? 1 : 0;
      }
    });
  }
  for (auto& worker : workers) worker.join();

  EXPECT_THAT(right, ::testing::Each(20));
  EXPECT_THAT(wrong, ::testing::Each(0));
  // Four distinct passwords, each hashed once however many threads asked for it at the same moment.
  EXPECT_EQ(authenticator_.hash_computations(), 4u);
}

TEST(BasicAuthHasherTest, TheInjectedHasherSeesThePasswordAndTheUsersHash) {
  std::vector<std::string> settings;
  BasicAuthenticator authenticator({{"u", "$2b$04$" + std::string(53, 'a')}},
                                   [&](const std::string& password, const std::string& setting) {
                                     settings.push_back(setting);
                                     return password == "p" ? std::optional<std::string>(setting) : std::nullopt;
                                   });

  EXPECT_TRUE(authenticator.verify(basic("u", "p")));
  EXPECT_TRUE(authenticator.verify(basic("u", "p")));
  EXPECT_FALSE(authenticator.verify(basic("u", "q")));

  ASSERT_EQ(settings.size(), 2u);
  EXPECT_EQ(settings[0], "$2b$04$" + std::string(53, 'a'));
}

TEST(BasicAuthDisabledTest, NoUsersMeansDisabled) {
  BasicAuthenticator authenticator({});
  EXPECT_FALSE(authenticator.enabled());
  EXPECT_FALSE(authenticator.verify(basic("a", "b")));
}

}  // namespace
}  // namespace rds_exporter::http
