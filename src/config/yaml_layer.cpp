#include "config/yaml_layer.h"

#include "config/key_table.h"
#include "config/value_parsers.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>

namespace rds_exporter::config {
namespace {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence (lists are not used anywhere in this configuration)";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return config::describe(node.Scalar());
    default:
      return config::describe(std::nullopt);
  }
}

class YamlReader {
 public:
  explicit YamlReader(std::string display_name) : display_name_(std::move(display_name)) {}

  LayerReading read(const std::filesystem::path& file) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(file.string());
    } catch (const YAML::BadFile&) {
      error(fmt::format("{}: cannot be read", display_name_));
      return std::move(reading_);
    } catch (const YAML::ParserException& e) {
      error(fmt::format("{}:{}: invalid YAML: {}", display_name_, e.mark.line + 1, e.msg));
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
    } else if (!find_key(path)) {
      error(fmt::format("{}: {}", location, unknown_key_message(path)));
    } else if (value.IsScalar() || value.IsNull()) {
      reading_.assignments.push_back(Assignment{path, value.IsScalar() ? RawValue(value.Scalar()) : std::nullopt,
                                                location, fmt::format("{}: {}", location, path)});
    } else {
      error(fmt::format("{}: {}: expected a single value, got {}", location, path, describe(value)));
    }
  }

  void error(std::string message) { reading_.problems.push_back(Problem{Severity::error, std::move(message)}); }

  std::string display_name_;
  LayerReading reading_;
};

}  // namespace

LayerReading read_yaml_layer(const std::filesystem::path& file, const std::string& display_name) {
  return YamlReader(display_name).read(file);
}

}  // namespace rds_exporter::config
