#include "common/text.h"

#include <gtest/gtest.h>

#include <clocale>
#include <string_view>
#include <vector>

namespace rds_exporter::common {
namespace {

TEST(Text, LowerCasesAsciiLettersOnly) {
  EXPECT_EQ(to_lower_ascii("Content-TYPE: X-Amz-Date"), "content-type: x-amz-date");
  // Bytes outside ASCII (UTF-8 of "É") are left as they are, whatever the locale.
  EXPECT_EQ(to_lower_ascii("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
  EXPECT_EQ(lower_ascii('I'), 'i');
  EXPECT_EQ(upper_ascii('i'), 'I');
  EXPECT_EQ(upper_ascii('.'), '.');
}

TEST(Text, ComparesIgnoringAsciiCase) {
  EXPECT_TRUE(equals_ignore_case_ascii("Content-Type", "content-type"));
  EXPECT_FALSE(equals_ignore_case_ascii("Content-Type", "content-typ"));
  EXPECT_FALSE(equals_ignore_case_ascii("a", "b"));
  EXPECT_TRUE(equals_ignore_case_ascii("", ""));
}

TEST(Text, ClassifiesAsciiCharactersOnly) {
  EXPECT_TRUE(is_ascii_digit('0'));
  EXPECT_TRUE(is_ascii_digit('9'));
  EXPECT_FALSE(is_ascii_digit('a'));
  EXPECT_TRUE(is_ascii_alpha('z'));
  EXPECT_TRUE(is_ascii_alpha('Z'));
  EXPECT_FALSE(is_ascii_alpha('5'));
  EXPECT_TRUE(is_ascii_alnum('5'));
  EXPECT_FALSE(is_ascii_alnum('-'));
  EXPECT_FALSE(is_ascii_alnum('\xC3'));
}

TEST(Text, SplitKeepsEmptyPieces) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(split("a,", ','), (std::vector<std::string_view>{"a", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string_view>{""}));
}

TEST(Text, TrimTakesHttpWhitespaceFromBothEnds) {
  EXPECT_EQ(trim(" \t gzip;q=0.5 \r\n"), "gzip;q=0.5");
  EXPECT_EQ(trim("a b"), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_TRUE(is_http_whitespace('\t'));
  EXPECT_FALSE(is_http_whitespace('\v'));
}

}  // namespace
}  // namespace rds_exporter::common
