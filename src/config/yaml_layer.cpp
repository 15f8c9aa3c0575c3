#include "config/yaml_layer.h"

#include "config/key_table.h"
#include "config/value_parsers.h"
#include "common/expected.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace rds_exporter::config {
namespace {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return config::describe(node.Scalar());
    default:
      return config::describe(std::nullopt);
  }
}

// The whole file, or why not ("Is a directory", "Permission denied"). Through stdio, which reports a read error
// as a value where an ifstream reading a directory throws std::ios_base::failure from inside yaml-cpp.
common::Expected<std::string, std::string> file_text(const std::filesystem::path& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return common::Unexpected{std::string(std::strerror(errno))};
  std::string text;
  char buffer[8192];
  while (const std::size_t count = std::fread(buffer, 1, sizeof buffer, file.get())) text.append(buffer, count);
  if (std::ferror(file.get())) return common::Unexpected{std::string(std::strerror(errno))};
  return text;
}

class YamlReader {
 public:
  explicit YamlReader(std::string display_name) : display_name_(std::move(display_name)) {}

  LayerReading read_file(const std::filesystem::path& file) {
    auto text = file_text(file);
    if (!text) {
      error(fmt::format("{}: cannot be read: {}", display_name_, text.error()));
      return std::move(reading_);
    }
    return read_text(*text);
  }

  LayerReading read_text(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& e) {
      error(fmt::format("{}:{}: invalid YAML: {}", display_name_, e.mark.line + 1, e.msg));
      return std::move(reading_);
    } catch (const YAML::Exception& e) {
      error(fmt::format("{}: invalid YAML: {}", display_name_, e.msg));
      return std::move(reading_);
    } catch (const std::exception&) {
      error(fmt::format("{}: cannot be read as YAML ({} bytes)", display_name_, text.size()));
      return std::move(reading_);
    }
    if (root.IsMap()) {
      read_section(root, "");
    } else if (!root.IsNull()) {
      error(fmt::format("{}:{}: expected a mapping of sections ({}), got {}", display_name_, root.Mark().line + 1,
                        fmt::join(section_children(""), ", "), describe(root)));
    }
    return std::move(reading_);
  }

 private:
  void read_section(const YAML::Node& section, const std::string& section_path) {
    std::map<std::string, int> seen_at_line;
    for (const auto& entry : section) {
      const int line = entry.first.Mark().line + 1;
      const std::string location = fmt::format("{}:{}", display_name_, line);
      if (!entry.first.IsScalar()) {
        error(fmt::format("{}: expected a key name, got {}", location, describe(entry.first)));
        continue;
      }
      const std::string path =
          section_path.empty() ? entry.first.Scalar() : fmt::format("{}.{}", section_path, entry.first.Scalar());
      if (const auto [first, inserted] = seen_at_line.emplace(path, line); !inserted) {
        error(fmt::format("{}: duplicate key '{}' (first set at line {})", location, path, first->second));
        continue;
      }
      read_entry(entry.second, path, location);
    }
  }

  void read_entry(const YAML::Node& value, const std::string& path, const std::string& location) {
    if (is_section(path)) {
      // A section left empty (every key commented out) is null, and means "nothing to set here".
      if (value.IsMap()) {
        read_section(value, path);
      } else if (!value.IsNull()) {
        error(fmt::format("{}: {}: expected a mapping of {}, got {}", location, path,
                          fmt::join(section_children(path), ", "), describe(value)));
      }
    } else if (const KeyDefinition* definition = find_key(path); !definition) {
      error(fmt::format("{}: {}", location, unknown_key_message(path)));
    } else if (value.IsScalar() || value.IsNull()) {
      assign(path, location, value.IsScalar() ? RawValue(value.Scalar()) : std::nullopt);
    } else if (definition->shape == ValueShape::list && value.IsSequence()) {
      if (auto text = sequence_text(value, ",")) {
        assign(path, location, std::move(*text));
      } else {
        error(fmt::format("{}: {}: expected a list of single values", location, path));
      }
    } else if (definition->shape == ValueShape::mapping && value.IsMap()) {
      if (auto text = mapping_text(value)) {
        assign(path, location, std::move(*text));
      } else {
        error(fmt::format("{}: {}: expected a mapping of names to a value or a list of values", location, path));
      }
    } else if (definition->shape == ValueShape::records && value.IsSequence()) {
      // Handed on as YAML flow text, which the key's parser reads back (and which JSON in APP_* also is).
      YAML::Emitter flow;
      flow << YAML::Flow << YAML::DoubleQuoted << value;
      assign(path, location, std::string(flow.c_str()));
    } else {
      error(fmt::format("{}: {}: expected {}, got {}", location, path, expected_shape(definition->shape),
                        describe(value)));
    }
  }

  static std::string expected_shape(ValueShape shape) {
    switch (shape) {
      case ValueShape::list:
        return "a list or a comma-separated value";
      case ValueShape::mapping:
        return "a mapping or a comma-separated list of name=value";
      case ValueShape::records:
        return "a list of mappings (or, in an APP_* variable, JSON)";
      default:
        return "a single value";
    }
  }

  // The APP_* variable form of a YAML sequence: its scalars joined by `separator`.
  static std::optional<std::string> sequence_text(const YAML::Node& sequence, std::string_view separator) {
    std::vector<std::string> items;
    for (const auto& item : sequence) {
      if (!item.IsScalar()) return std::nullopt;
      items.push_back(item.Scalar());
    }
    return fmt::format("{}", fmt::join(items, separator));
  }

  // The APP_* variable form of a YAML mapping: "name=value,name=v1|v2"; a null value is the name alone.
  static std::optional<std::string> mapping_text(const YAML::Node& mapping) {
    std::vector<std::string> entries;
    for (const auto& entry : mapping) {
      if (!entry.first.IsScalar()) return std::nullopt;
      if (entry.second.IsNull()) {
        entries.push_back(entry.first.Scalar());
      } else if (entry.second.IsScalar()) {
        entries.push_back(fmt::format("{}={}", entry.first.Scalar(), entry.second.Scalar()));
      } else if (auto values = entry.second.IsSequence() ? sequence_text(entry.second, "|") : std::nullopt) {
        entries.push_back(fmt::format("{}={}", entry.first.Scalar(), *values));
      } else {
        return std::nullopt;
      }
    }
    return fmt::format("{}", fmt::join(entries, ","));
  }

  void assign(const std::string& path, const std::string& location, RawValue value) {
    reading_.assignments.push_back(Assignment{path, std::move(value), location, fmt::format("{}: {}", location, path)});
  }

  void error(std::string message) { reading_.problems.push_back(Problem{Severity::error, std::move(message)}); }

  std::string display_name_;
  LayerReading reading_;
};

}  // namespace

LayerReading read_yaml_layer(const std::filesystem::path& file, const std::string& display_name) {
  return YamlReader(display_name).read_file(file);
}

LayerReading read_yaml_text(std::string_view text, const std::string& display_name) {
  return YamlReader(display_name).read_text(text);
}

}  // namespace rds_exporter::config
