#include "aws/credentials/shell_words.h"

#include <optional>

namespace rds_exporter::aws {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

common::Expected<std::vector<std::string>, std::string> split_shell_words(std::string_view text) {
  std::vector<std::string> words;
  // Engaged once a word has started, so that '' yields an empty word rather than nothing.
  std::optional<std::string> word;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_blank(c)) {
      if (word) words.push_back(*std::move(word));
      word.reset();
      ++i;
    } else if (c == '\\') {
      if (i + 1 >= text.size()) return common::Unexpected{std::string("ends with a backslash that escapes nothing")};
      word = word.value_or("") + text[i + 1];
      i += 2;
    } else if (c == '\'') {
      const std::size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return common::Unexpected{std::string("has an unterminated ' quote")};
      word = word.value_or("") + std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '"') {
      std::string quoted;
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() && (text[j + 1] == '"' || text[j + 1] == '\\')) ++j;
        quoted += text[j];
      }
      if (j >= text.size()) return common::Unexpected{std::string("has an unterminated \" quote")};
      word = word.value_or("") + quoted;
      i = j + 1;
    } else {
      word = word.value_or("") + c;
      ++i;
    }
  }
  if (word) words.push_back(*std::move(word));
  return words;
}

}  // namespace rds_exporter::aws
