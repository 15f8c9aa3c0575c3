#include "aws/credentials/shell_words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> words(std::string_view text) {
  auto split = split_shell_words(text);
  EXPECT_TRUE(split) << split.error();
  return split ? *split : std::vector<std::string>{};
}

TEST(ShellWordsTest, BlanksSeparateWords) {
  EXPECT_THAT(words("  /usr/bin/get-creds --json\t--profile  x "),
              ElementsAre("/usr/bin/get-creds", "--json", "--profile", "x"));
}

TEST(ShellWordsTest, QuotesGroupAndJoinAdjacentText) {
  EXPECT_THAT(words(R"('/opt/my tools/get' "two words" a'b c'd "")"),
              ElementsAre("/opt/my tools/get", "two words", "ab cd", ""));
}

TEST(ShellWordsTest, BackslashesEscapeOutsideQuotesAndOnlyQuoteOrBackslashInDoubleQuotes) {
  EXPECT_THAT(words(R"(a\ b "x\"y" "c:\path" "\\" 'it\s')"), ElementsAre("a b", "x\"y", "c:\\path", "\\", "it\\s"));
}

TEST(ShellWordsTest, NothingIsExpanded) {
  EXPECT_THAT(words("echo $HOME ~ *"), ElementsAre("echo", "$HOME", "~", "*"));
}

TEST(ShellWordsTest, UnterminatedQuotesAndTrailingBackslashesAreErrors) {
  EXPECT_EQ(split_shell_words("get 'secret").error(), "has an unterminated ' quote");
  EXPECT_EQ(split_shell_words("get \"secret").error(), "has an unterminated \" quote");
  EXPECT_EQ(split_shell_words("get \\").error(), "ends with a backslash that escapes nothing");
}

}  // namespace
}  // namespace rds_exporter::aws
