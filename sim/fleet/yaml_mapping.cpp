#include "sim/fleet/yaml_mapping.h"

#include "common/nearest_name.h"
#include "sim/common/iso8601.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace rds_exporter::sim {

void FleetFileProblems::add(const YAML::Mark& mark, std::string_view key_path, std::string_view message) {
  // yaml-cpp counts lines from 0; editors count from 1.
  const int line = mark.line + 1;
  std::string text = file_name_;
  text.append(":").append(std::to_string(line)).append(": ");
  if (!key_path.empty()) text.append(key_path).append(": ");
  text.append(message);
  problems_.emplace_back(line, std::move(text));
}

std::vector<std::string> FleetFileProblems::messages() const {
  auto sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& problem : sorted) out.push_back(std::move(problem.second));
  return out;
}

std::string describe_yaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

YamlMapping::YamlMapping(const YAML::Node& node, std::string path, std::span<const std::string_view> known_keys,
                         FleetFileProblems& problems)
    : mark_(node.Mark()), path_(std::move(path)), problems_(problems) {
  const std::vector<std::string> known(known_keys.begin(), known_keys.end());
  std::map<std::string, int> first_line;
  for (const auto& item : node) {
    const YAML::Mark mark = item.first.Mark();
    if (!item.first.IsScalar()) {
      problems_.add(mark, path_, "expected a key name, got " + describe_yaml(item.first));
      continue;
    }
    const std::string& key = item.first.Scalar();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string message = "unknown key '" + key + "'";
      if (const auto suggestion = common::nearest_name(key, known)) message += "; did you mean '" + *suggestion + "'?";
      problems_.add(mark, path_, message);
      continue;
    }
    if (const auto [first, inserted] = first_line.emplace(key, mark.line + 1); !inserted) {
      problems_.add(mark, key_path(key), "repeated key (first set at line " + std::to_string(first->second) + ")");
      continue;
    }
    entries_.push_back({key, mark, item.second});
  }
}

std::string YamlMapping::key_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const YamlMapping::Entry* YamlMapping::find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

const YAML::Node* YamlMapping::node(std::string_view key) const {
  const Entry* entry = find(key);
  return entry == nullptr ? nullptr : &entry->value;
}

void YamlMapping::problem(std::string_view key, std::string_view message) {
  const Entry* entry = find(key);
  problems_.add(entry != nullptr ? entry->mark : mark_, key_path(key), message);
}

const YamlMapping::Entry* YamlMapping::scalar(std::string_view key) {
  const Entry* entry = find(key);
  if (entry == nullptr) return nullptr;
  if (!entry->value.IsScalar()) {
    problem(key, "expected a single value, got " + describe_yaml(entry->value));
    return nullptr;
  }
  return entry;
}

std::optional<std::string> YamlMapping::text(std::string_view key) {
  const Entry* entry = scalar(key);
  if (entry == nullptr) return std::nullopt;
  return entry->value.Scalar();
}

std::optional<std::string> YamlMapping::required_text(std::string_view key) {
  if (!has(key)) {
    problems_.add(mark_, key_path(key), "missing (required)");
    return std::nullopt;
  }
  return text(key);
}

std::optional<long long> YamlMapping::integer(std::string_view key, long long min, long long max) {
  const Entry* entry = scalar(key);
  if (entry == nullptr) return std::nullopt;
  const std::string& value = entry->value.Scalar();
  long long number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc{} || end != value.data() + value.size() || number < min || number > max) {
    problem(key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                     value + "'");
    return std::nullopt;
  }
  return number;
}

std::optional<bool> YamlMapping::boolean(std::string_view key) {
  const Entry* entry = scalar(key);
  if (entry == nullptr) return std::nullopt;
  const std::string& value = entry->value.Scalar();
  if (value == "true") return true;
  if (value == "false") return false;
  problem(key, "expected true or false, got '" + value + "'");
  return std::nullopt;
}

std::optional<std::chrono::sys_seconds> YamlMapping::timestamp(std::string_view key) {
  const Entry* entry = scalar(key);
  if (entry == nullptr) return std::nullopt;
  const auto time = parse_iso8601(entry->value.Scalar());
  if (!time) problem(key, "expected a UTC time like 2024-05-01T12:00:00Z, got '" + entry->value.Scalar() + "'");
  return time;
}

std::vector<std::string> YamlMapping::text_list(std::string_view key) {
  std::vector<std::string> values;
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull()) return values;
  if (!entry->value.IsSequence()) {
    problem(key, "expected a list, got " + describe_yaml(entry->value));
    return values;
  }
  for (const auto& item : entry->value) {
    if (item.IsScalar()) {
      values.push_back(item.Scalar());
    } else {
      problems_.add(item.Mark(), key_path(key), "expected a list of single values, got " + describe_yaml(item));
    }
  }
  return values;
}

std::vector<std::pair<std::string, std::string>> YamlMapping::text_map(std::string_view key) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull()) return pairs;
  if (!entry->value.IsMap()) {
    problem(key, "expected a mapping, got " + describe_yaml(entry->value));
    return pairs;
  }
  for (const auto& item : entry->value) {
    if (!item.first.IsScalar() || !(item.second.IsScalar() || item.second.IsNull())) {
      problems_.add(item.first.Mark(), key_path(key),
                    "expected 'name: value' pairs, got " + describe_yaml(item.second));
      continue;
    }
    // "team:" with nothing after it is an empty value, which AWS allows for tags.
    pairs.emplace_back(item.first.Scalar(), item.second.IsNull() ? "" : item.second.Scalar());
  }
  return pairs;
}

}  // namespace rds_exporter::sim
