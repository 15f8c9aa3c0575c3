#include "aws/credentials/ini_document.h"

#include "common/text.h"

#include <fmt/format.h>

namespace rds_exporter::aws {
namespace {

std::size_t indentation(std::string_view line) {
  std::size_t count = 0;
  while (count < line.size() && (line[count] == ' ' || line[count] == '\t')) ++count;
  return count;
}

bool is_comment(std::string_view stripped) {
  return !stripped.empty() && (stripped.front() == '#' || stripped.front() == ';');
}

class IniParser {
 public:
  explicit IniParser(std::string_view file_name) : file_name_(file_name) {}

  common::Expected<IniDocument, std::string> parse(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size() && error_.empty()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      ++line_number_;
      parse_line(text.substr(start, end - start));
      start = end + 1;
    }
    if (!error_.empty()) return common::Unexpected{error_};
    return std::move(document_);
  }

 private:
  void parse_line(std::string_view line) {
    const std::string_view stripped = common::trim(line);
    if (stripped.empty() || is_comment(stripped)) return;
    const std::size_t indent = indentation(line);
    if (current_property_ != nullptr && indent > property_indent_) {
      continue_property(stripped);
    } else if (stripped.front() == '[') {
      start_section(stripped);
    } else {
      add_property(stripped, indent);
    }
  }

  void start_section(std::string_view stripped) {
    const std::size_t close = stripped.rfind(']');
    if (close == std::string_view::npos || close == 0) return fail("section header without a closing ']'");
    const std::string header(common::trim(stripped.substr(1, close - 1)));
    if (header.empty()) return fail("empty section header");
    for (const auto& section : document_) {
      if (section.header == header) {
        return fail(fmt::format("section [{}] appears again (first at line {})", header, section.line));
      }
    }
    document_.push_back(IniSection{header, line_number_, {}});
    current_property_ = nullptr;
  }

  void add_property(std::string_view stripped, std::size_t indent) {
    const std::size_t delimiter = stripped.find_first_of("=:");
    if (delimiter == std::string_view::npos) return fail("expected '[section]', 'key = value' or a comment");
    const std::string key = common::to_lower_ascii(common::trim(stripped.substr(0, delimiter)));
    if (key.empty()) return fail("a value without a key");
    if (document_.empty()) return fail(fmt::format("key '{}' before any [section]", key));
    IniSection& section = document_.back();
    if (section.properties.contains(key))
      return fail(fmt::format("key '{}' appears twice in [{}]", key, section.header));
    current_property_ = &section.properties[key];
    current_property_->value = std::string(common::trim(stripped.substr(delimiter + 1)));
    current_key_ = key;
    property_indent_ = indent;
  }

  void continue_property(std::string_view stripped) {
    if (!current_property_->value.empty()) {
      current_property_->value += '\n';
      current_property_->value += stripped;
      return;
    }
    const std::size_t equals = stripped.find('=');
    if (equals == std::string_view::npos) {
      return fail(fmt::format("expected 'name = value' in the block under '{}'", current_key_));
    }
    const std::string name = common::to_lower_ascii(common::trim(stripped.substr(0, equals)));
    if (name.empty()) return fail(fmt::format("a value without a name in the block under '{}'", current_key_));
    current_property_->sub_properties[name] = std::string(common::trim(stripped.substr(equals + 1)));
  }

  void fail(std::string problem) { error_ = fmt::format("{}:{}: {}", file_name_, line_number_, problem); }

  std::string_view file_name_;
  IniDocument document_;
  int line_number_ = 0;
  // Points into document_.back(), whose map nodes stay put while further keys are added.
  IniProperty* current_property_ = nullptr;
  std::string current_key_;
  std::size_t property_indent_ = 0;
  std::string error_;
};

}  // namespace

common::Expected<IniDocument, std::string> parse_ini(std::string_view text, std::string_view file_name) {
  return IniParser(file_name).parse(text);
}

}  // namespace rds_exporter::aws
