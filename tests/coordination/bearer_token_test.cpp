#include "coordination/bearer_token.h"

#include "../aws/transport/temp_dir.h"
#include "../http/test_pki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::coordination {
namespace {

using namespace std::chrono_literals;
using aws::testing::TempDir;
using http::testing::write_file;
using ::testing::HasSubstr;

class BearerTokenTest : public ::testing::Test {
 protected:
  SteadyClock clock() {
    return [this] { return now_; };
  }

  TempDir directory_;
  std::string file_ = (directory_.path() / "token").string();
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(BearerTokenTest, AnInlineTokenIsSentAsItIs) {
  BearerToken token("inline-token", std::nullopt, clock());
  EXPECT_EQ(token.current().value(), "inline-token");
  EXPECT_FALSE(token.refresh());
}

TEST_F(BearerTokenTest, TheFileIsReadAgainOnceTheTokenIsAMinuteOld) {
  write_file(file_, "first\n");
  BearerToken token(std::nullopt, file_, clock());
  EXPECT_EQ(token.current().value(), "first");

  write_file(file_, "second");
  now_ += 59s;
  EXPECT_EQ(token.current().value(), "first");
  now_ += 1s;
  EXPECT_EQ(token.current().value(), "second");
}

TEST_F(BearerTokenTest, TheFileComesBeforeAnInlineToken) {
  write_file(file_, "from-file");
  BearerToken token("inline-token", file_, clock());
  EXPECT_EQ(token.current().value(), "from-file");
}

TEST_F(BearerTokenTest, RefreshReadsAtOnceAndSaysWhetherTheTokenChanged) {
  write_file(file_, "first");
  BearerToken token(std::nullopt, file_, clock());
  EXPECT_EQ(token.current().value(), "first");
  EXPECT_FALSE(token.refresh());

  write_file(file_, "rotated");
  EXPECT_TRUE(token.refresh());
  EXPECT_EQ(token.current().value(), "rotated");
}

TEST_F(BearerTokenTest, KeepsTheTokenInHandWhenTheFileCannotBeReadAgain) {
  write_file(file_, "first");
  BearerToken token(std::nullopt, file_, clock());
  EXPECT_EQ(token.current().value(), "first");
  std::filesystem::remove(file_);
  now_ += 61s;
  EXPECT_EQ(token.current().value(), "first");
  EXPECT_FALSE(token.refresh());
}

TEST_F(BearerTokenTest, AMissingEmptyOrGarbledFileIsAnErrorNamingItNotItsContent) {
  BearerToken missing(std::nullopt, file_, clock());
  ASSERT_FALSE(missing.current());
  EXPECT_THAT(missing.current().error(), HasSubstr(file_));

  write_file(file_, " \n");
  BearerToken empty(std::nullopt, file_, clock());
  ASSERT_FALSE(empty.current());
  EXPECT_THAT(empty.current().error(), HasSubstr("is empty"));

  write_file(file_, "secret-part\r\nInjected: header");
  BearerToken garbled(std::nullopt, file_, clock());
  ASSERT_FALSE(garbled.current());
  EXPECT_THAT(garbled.current().error(), HasSubstr("control characters"));
  EXPECT_THAT(garbled.current().error(), ::testing::Not(HasSubstr("secret-part")));

  BearerToken none(std::nullopt, std::nullopt, clock());
  EXPECT_FALSE(none.current());
}

}  // namespace
}  // namespace rds_exporter::coordination
