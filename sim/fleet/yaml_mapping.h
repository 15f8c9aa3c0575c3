#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::sim {

// Every problem found in one fleet file, each as "<file>:<line>: <key path>: <what is wrong>", so that one
// run shows them all.
class FleetFileProblems {
 public:
  explicit FleetFileProblems(std::string file_name) : file_name_(std::move(file_name)) {}

  void add(const YAML::Mark& mark, std::string_view key_path, std::string_view message);

  // In the order of the file's lines, whatever order the checks found them in.
  std::vector<std::string> messages() const;
  bool empty() const { return problems_.empty(); }

 private:
  std::string file_name_;
  std::vector<std::pair<int, std::string>> problems_;
};

// One mapping of the fleet file, read key by key. Unknown keys (with a suggestion for typos) and repeated
// keys are reported when it is constructed; each getter reports a value of the wrong type or range under the
// key's full path ("instances[3].engine") and returns nullopt for it, so reading goes on and finds the rest.
class YamlMapping {
 public:
  YamlMapping(const YAML::Node& node, std::string path, std::span<const std::string_view> known_keys,
              FleetFileProblems& problems);

  bool has(std::string_view key) const { return find(key) != nullptr; }

  std::optional<std::string> text(std::string_view key);
  // Reports the key as missing when it is absent.
  std::optional<std::string> required_text(std::string_view key);
  std::optional<long long> integer(std::string_view key, long long min, long long max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::chrono::sys_seconds> timestamp(std::string_view key);
  std::vector<std::string> text_list(std::string_view key);
  std::vector<std::pair<std::string, std::string>> text_map(std::string_view key);

  // Reports a problem with the value at `key`, or with the mapping itself when the key is absent.
  void problem(std::string_view key, std::string_view message);

  // The value at `key`, for a nested list or mapping; nullptr when the key is absent.
  const YAML::Node* node(std::string_view key) const;

  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;

 private:
  struct Entry {
    std::string key;
    YAML::Mark mark;
    YAML::Node value;
  };

  const Entry* find(std::string_view key) const;
  const Entry* scalar(std::string_view key);

  std::vector<Entry> entries_;
  YAML::Mark mark_;
  std::string path_;
  FleetFileProblems& problems_;
};

// A short description of a node for error messages: "'abc'", "a list", "a mapping", "nothing".
std::string describe_yaml(const YAML::Node& node);

// Calls read_item(YamlMapping&) for each mapping in the list at `key` of `parent` ("principals[3]"), reporting
// a value that is not a list, and items that are not mappings. An absent or empty key has no items.
template <class ReadItem>
void for_each_mapping(YamlMapping& parent, std::string_view key, std::span<const std::string_view> known_keys,
                      FleetFileProblems& problems, ReadItem read_item) {
  const YAML::Node* list = parent.node(key);
  if (list == nullptr || list->IsNull()) return;
  if (!list->IsSequence()) {
    parent.problem(key, "expected a list, got " + describe_yaml(*list));
    return;
  }
  std::size_t index = 0;
  for (const auto& item : *list) {
    const std::string path = parent.key_path(key) + "[" + std::to_string(index++) + "]";
    if (!item.IsMap()) {
      problems.add(item.Mark(), path, "expected a mapping, got " + describe_yaml(item));
      continue;
    }
    YamlMapping mapping(item, path, known_keys, problems);
    read_item(mapping);
  }
}

}  // namespace rds_exporter::sim
