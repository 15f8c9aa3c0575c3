#pragma once

#include "config/assignment.h"
#include "config/settings.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::config {

// What a key's YAML value may be. Lists and mappings are written as the text an APP_* variable holds
// ("a,b" and "key=value,key=v1|v2"), so every layer hands the parsers the same form.
// A `records` value (a list of mappings, such as aws.accounts) travels as YAML flow text, of which JSON is a
// subset: APP_AWS_ACCOUNTS='[{"role_arn": "arn:aws:iam::123456789012:role/rds-exporter"}]'.
enum class ValueShape { scalar, list, mapping, records };

// One configuration key: the single place that ties its dotted name, its environment variable, its
// validation and its Settings field together.
struct KeyDefinition {
  std::string path;      // "exporter.port"
  std::string env_name;  // "APP_EXPORTER_PORT"
  // Validates `raw` and stores it; on failure returns why (worded to follow "<key>: ") and leaves
  // `settings` untouched.
  std::optional<std::string> (*assign)(const RawValue& raw, Settings& settings);
  // The value as --check-config shows it; std::nullopt for an unset optional key.
  std::optional<std::string> (*show)(const Settings& settings);
  ValueShape shape = ValueShape::scalar;
};

// Every key, in the order default.yaml lists them.
std::span<const KeyDefinition> key_table();
const KeyDefinition* find_key(std::string_view path);

// A section is a dotted prefix that groups keys ("aws", "aws.credentials"); "" is the top level.
bool is_section(std::string_view path);
std::vector<std::string> section_children(std::string_view section);

std::string env_name_for(std::string_view path);

// "unknown key 'exporter.prot'; did you mean 'exporter.port'?", preferring a sibling of the
// unknown key, then the same name under another section.
std::string unknown_key_message(std::string_view path);

}  // namespace rds_exporter::config
