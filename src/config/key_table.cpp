#include "config/key_table.h"

#include "common/nearest_name.h"
#include "common/text.h"
#include "config/remote_write_config.h"
#include "config/value_parsers.h"

#include <fmt/format.h>

#include <algorithm>

namespace rds_exporter::config {
namespace {

using Shown = std::optional<std::string>;

std::string boolean_text(bool value) { return value ? "true" : "false"; }

Shown optional_boolean_text(std::optional<bool> value) {
  if (!value) return std::nullopt;
  return boolean_text(*value);
}

std::string seconds_text(std::chrono::milliseconds duration) { return fmt::format("{}", duration.count() / 1000.0); }

KeyDefinition key(std::string path, decltype(KeyDefinition::assign) assign, decltype(KeyDefinition::show) show,
                  ValueShape shape = ValueShape::scalar) {
  std::string env_name = env_name_for(path);
  return KeyDefinition{std::move(path), std::move(env_name), assign, show, shape};
}

std::string list_text(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ",")); }

std::string tag_rules_text(const std::vector<TagRule>& rules) {
  std::vector<std::string> entries;
  for (const TagRule& rule : rules) {
    entries.push_back(rule.values.empty() ? rule.key : fmt::format("{}={}", rule.key, fmt::join(rule.values, "|")));
  }
  return list_text(entries);
}

// aws.accounts as --check-config shows it: each role (or the base credentials) with its regions; an external id
// only as "(set)".
std::string accounts_text(const std::vector<Settings::Account>& accounts) {
  std::vector<std::string> entries;
  for (const Settings::Account& account : accounts) {
    std::string entry = account.role_arn.value_or("(base credentials)");
    if (!account.regions.empty()) entry += fmt::format(" regions={}", fmt::join(account.regions, "|"));
    if (account.external_id) entry += " external_id=(set)";
    if (account.session_name) entry += fmt::format(" session_name={}", *account.session_name);
    entries.push_back(std::move(entry));
  }
  return list_text(entries);
}

std::string statistics_text(const std::map<std::string, std::string>& statistics) {
  std::vector<std::string> entries;
  for (const auto& [metric, statistic] : statistics) entries.push_back(fmt::format("{}={}", metric, statistic));
  return list_text(entries);
}

const std::vector<KeyDefinition>& table() {
  static const std::vector<KeyDefinition> keys{
      key(
          "aws.region",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_aws_region(raw), s.aws.region); },
          [](const Settings& s) -> Shown { return s.aws.region; }),
      key(
          "aws.regions", [](const RawValue& raw, Settings& s) { return store(parse_aws_regions(raw), s.aws.regions); },
          [](const Settings& s) -> Shown { return list_text(s.aws.regions); }, ValueShape::list),
      key(
          "aws.accounts", [](const RawValue& raw, Settings& s) { return store(parse_accounts(raw), s.aws.accounts); },
          [](const Settings& s) -> Shown { return accounts_text(s.aws.accounts); }, ValueShape::records),
      key(
          "aws.organization.role_name",
          [](const RawValue& raw, Settings& s) {
            return store(parse_optional_role_name(raw), s.aws.organization.role_name);
          },
          [](const Settings& s) -> Shown { return s.aws.organization.role_name; }),
      key(
          "aws.organization.regions",
          [](const RawValue& raw, Settings& s) { return store(parse_aws_regions(raw), s.aws.organization.regions); },
          [](const Settings& s) -> Shown { return list_text(s.aws.organization.regions); }, ValueShape::list),
      key(
          "aws.organization.include_accounts",
          [](const RawValue& raw, Settings& s) {
            return store(parse_account_ids(raw), s.aws.organization.include_accounts);
          },
          [](const Settings& s) -> Shown { return list_text(s.aws.organization.include_accounts); }, ValueShape::list),
      key(
          "aws.organization.exclude_accounts",
          [](const RawValue& raw, Settings& s) {
            return store(parse_account_ids(raw), s.aws.organization.exclude_accounts);
          },
          [](const Settings& s) -> Shown { return list_text(s.aws.organization.exclude_accounts); }, ValueShape::list),
      key(
          "aws.credentials.profile",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_name(raw), s.aws.credentials_profile); },
          [](const Settings& s) -> Shown { return s.aws.credentials_profile; }),
      key(
          "aws.endpoint_url",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_endpoint_url(raw), s.aws.endpoint_url); },
          [](const Settings& s) -> Shown { return s.aws.endpoint_url; }),
      key(
          "aws.use_fips_endpoint",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_boolean(raw), s.aws.use_fips_endpoint); },
          [](const Settings& s) -> Shown { return optional_boolean_text(s.aws.use_fips_endpoint); }),
      key(
          "aws.use_dualstack_endpoint",
          [](const RawValue& raw, Settings& s) {
            return store(parse_optional_boolean(raw), s.aws.use_dualstack_endpoint);
          },
          [](const Settings& s) -> Shown { return optional_boolean_text(s.aws.use_dualstack_endpoint); }),
      key(
          "aws.assume_role_arn",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_role_arn(raw), s.aws.assume_role_arn); },
          [](const Settings& s) -> Shown { return s.aws.assume_role_arn; }),
      key(
          "aws.assume_role_external_id",
          [](const RawValue& raw, Settings& s) {
            return store(parse_optional_external_id(raw), s.aws.assume_role_external_id);
          },
          // A secret shared between two accounts: --check-config says whether it is set, not what it is.
          [](const Settings& s) -> Shown { return s.aws.assume_role_external_id ? Shown("(set)") : std::nullopt; }),
      key(
          "aws.assume_role_session_name",
          [](const RawValue& raw, Settings& s) {
            return store(parse_role_session_name(raw), s.aws.assume_role_session_name);
          },
          [](const Settings& s) -> Shown { return s.aws.assume_role_session_name; }),
      key(
          "aws.connect_timeout",
          [](const RawValue& raw, Settings& s) {
            return store(parse_fractional_seconds(raw, 60.0), s.aws.connect_timeout);
          },
          [](const Settings& s) -> Shown { return seconds_text(s.aws.connect_timeout); }),
      key(
          "aws.request_timeout",
          [](const RawValue& raw, Settings& s) {
            return store(parse_fractional_seconds(raw, 600.0), s.aws.request_timeout);
          },
          [](const Settings& s) -> Shown { return seconds_text(s.aws.request_timeout); }),
      key(
          "aws.max_concurrent_requests",
          [](const RawValue& raw, Settings& s) {
            return store(parse_integer(raw, 1, 64), s.aws.max_concurrent_requests);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.aws.max_concurrent_requests); }),
      key(
          "aws.rate_limit.rds",
          [](const RawValue& raw, Settings& s) { return store(parse_rate_limit(raw), s.aws.rate_limit.rds); },
          [](const Settings& s) -> Shown { return fmt::format("{}", s.aws.rate_limit.rds); }),
      key(
          "aws.rate_limit.cloudwatch",
          [](const RawValue& raw, Settings& s) { return store(parse_rate_limit(raw), s.aws.rate_limit.cloudwatch); },
          [](const Settings& s) -> Shown { return fmt::format("{}", s.aws.rate_limit.cloudwatch); }),
      key(
          "aws.rate_limit.pi",
          [](const RawValue& raw, Settings& s) { return store(parse_rate_limit(raw), s.aws.rate_limit.pi); },
          [](const Settings& s) -> Shown { return fmt::format("{}", s.aws.rate_limit.pi); }),
      key(
          "aws.rate_limit.logs",
          [](const RawValue& raw, Settings& s) { return store(parse_rate_limit(raw), s.aws.rate_limit.logs); },
          [](const Settings& s) -> Shown { return fmt::format("{}", s.aws.rate_limit.logs); }),
      key(
          "exporter.host", [](const RawValue& raw, Settings& s) { return store(parse_host(raw), s.exporter.host); },
          [](const Settings& s) -> Shown { return s.exporter.host; }),
      key(
          "exporter.port",
          [](const RawValue& raw, Settings& s) { return store(parse_integer(raw, 1, 65535), s.exporter.port); },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.port); }),
      key(
          "exporter.collection_interval",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 1, 86400), s.exporter.collection_interval);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.collection_interval.count()); }),
      key(
          "exporter.stale_after",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 60, 86400), s.exporter.stale_after); },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.stale_after.count()); }),
      key(
          "exporter.tag_labels",
          [](const RawValue& raw, Settings& s) { return store(parse_tag_keys(raw), s.exporter.tag_labels); },
          [](const Settings& s) -> Shown { return list_text(s.exporter.tag_labels); }, ValueShape::list),
      key(
          "exporter.export_timestamps",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.exporter.export_timestamps); },
          [](const Settings& s) -> Shown { return boolean_text(s.exporter.export_timestamps); }),
      key(
          "exporter.delivery", [](const RawValue& raw, Settings& s) { return store(parse_delivery(raw), s.exporter.delivery); },
          [](const Settings& s) -> Shown { return s.exporter.delivery == Delivery::replay ? "replay" : "newest"; }),
      key(
          "exporter.naming",
          [](const RawValue& raw, Settings& s) { return store(parse_naming(raw), s.exporter.naming); },
          [](const Settings& s) -> Shown {
            return s.exporter.naming == Naming::prometheus ? "prometheus" : "prototype";
          }),
      key(
          "exporter.shutdown_grace",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 0, 3600), s.exporter.shutdown_grace); },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.shutdown_grace.count()); }),
      key(
          "exporter.read_header_timeout",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 1, 600), s.exporter.read_header_timeout);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.read_header_timeout.count()); }),
      key(
          "exporter.idle_timeout",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 1, 3600), s.exporter.idle_timeout); },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.idle_timeout.count()); }),
      key(
          "exporter.max_connections",
          [](const RawValue& raw, Settings& s) {
            return store(parse_integer(raw, 1, 1000000), s.exporter.max_connections);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.exporter.max_connections); }),
      key(
          "target.tag_key",
          [](const RawValue& raw, Settings& s) { return store(parse_tag_key(raw), s.target.tag_key); },
          [](const Settings& s) -> Shown { return s.target.tag_key; }),
      key(
          "target.tag_value",
          [](const RawValue& raw, Settings& s) { return store(parse_tag_value(raw), s.target.tag_value); },
          [](const Settings& s) -> Shown { return s.target.tag_value; }),
      key(
          "target.tags", [](const RawValue& raw, Settings& s) { return store(parse_tag_rules(raw), s.target.tags); },
          [](const Settings& s) -> Shown { return tag_rules_text(s.target.tags); }, ValueShape::mapping),
      key(
          "target.discovery_interval",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 1, 86400), s.target.discovery_interval);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.target.discovery_interval.count()); }),
      key(
          "cloudwatch.period",
          [](const RawValue& raw, Settings& s) { return store(parse_cloudwatch_period(raw), s.cloudwatch.period); },
          [](const Settings& s) -> Shown { return std::to_string(s.cloudwatch.period.count()); }),
      key(
          "cloudwatch.stat",
          [](const RawValue& raw, Settings& s) { return store(parse_cloudwatch_statistic(raw), s.cloudwatch.stat); },
          [](const Settings& s) -> Shown { return s.cloudwatch.stat; }),
      key(
          "cloudwatch.retry_attempts",
          [](const RawValue& raw, Settings& s) {
            return store(parse_optional_integer(raw, 1, 10), s.cloudwatch.retry_attempts);
          },
          [](const Settings& s) -> Shown {
            if (!s.cloudwatch.retry_attempts) return std::nullopt;
            return std::to_string(*s.cloudwatch.retry_attempts);
          }),
      key(
          "cloudwatch.retry_delay",
          [](const RawValue& raw, Settings& s) {
            return store(parse_fractional_seconds(raw, 20.0), s.cloudwatch.retry_delay);
          },
          [](const Settings& s) -> Shown { return seconds_text(s.cloudwatch.retry_delay); }),
      key(
          "cloudwatch.delay",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 0, 3600), s.cloudwatch.delay); },
          [](const Settings& s) -> Shown { return std::to_string(s.cloudwatch.delay.count()); }),
      key(
          "cloudwatch.metrics.add",
          [](const RawValue& raw, Settings& s) { return store(parse_metric_names(raw), s.cloudwatch.metrics.add); },
          [](const Settings& s) -> Shown { return list_text(s.cloudwatch.metrics.add); }, ValueShape::list),
      key(
          "cloudwatch.metrics.drop",
          [](const RawValue& raw, Settings& s) { return store(parse_metric_names(raw), s.cloudwatch.metrics.drop); },
          [](const Settings& s) -> Shown { return list_text(s.cloudwatch.metrics.drop); }, ValueShape::list),
      key(
          "cloudwatch.metrics.statistics",
          [](const RawValue& raw, Settings& s) {
            return store(parse_metric_statistics(raw), s.cloudwatch.metrics.statistics);
          },
          [](const Settings& s) -> Shown { return statistics_text(s.cloudwatch.metrics.statistics); },
          ValueShape::mapping),
      key(
          "performance_insights.enabled",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.performance_insights.enabled); },
          [](const Settings& s) -> Shown { return boolean_text(s.performance_insights.enabled); }),
      key(
          "inventory.enabled",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.inventory.enabled); },
          [](const Settings& s) -> Shown { return boolean_text(s.inventory.enabled); }),
      key(
          "inventory.parameters_refresh",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 60, 604800), s.inventory.parameters_refresh);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.inventory.parameters_refresh.count()); }),
      key(
          "inventory.engine_versions_refresh",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 3600, 604800), s.inventory.engine_versions_refresh);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.inventory.engine_versions_refresh.count()); }),
      key(
          "enhanced_monitoring.enabled",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.enhanced_monitoring.enabled); },
          [](const Settings& s) -> Shown { return boolean_text(s.enhanced_monitoring.enabled); }),
      key(
          "enhanced_monitoring.collection_interval",
          [](const RawValue& raw, Settings& s) {
            return store(parse_seconds(raw, 0, 3600), s.enhanced_monitoring.collection_interval);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.enhanced_monitoring.collection_interval.count()); }),
      key(
          "enhanced_monitoring.processes",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.enhanced_monitoring.processes); },
          [](const Settings& s) -> Shown { return boolean_text(s.enhanced_monitoring.processes); }),
      key(
          "enhanced_monitoring.top_processes",
          [](const RawValue& raw, Settings& s) {
            return store(parse_integer(raw, 1, 50), s.enhanced_monitoring.top_processes);
          },
          [](const Settings& s) -> Shown { return std::to_string(s.enhanced_monitoring.top_processes); }),
      key(
          "coordination.enabled",
          [](const RawValue& raw, Settings& s) { return store(parse_boolean(raw), s.coordination.enabled); },
          [](const Settings& s) -> Shown { return boolean_text(s.coordination.enabled); }),
      key(
          "coordination.namespace",
          [](const RawValue& raw, Settings& s) {
            return store(parse_optional_kubernetes_name(raw, 63, false), s.coordination.namespace_);
          },
          [](const Settings& s) -> Shown { return s.coordination.namespace_; }),
      key(
          "coordination.lease_prefix",
          // Room is left for "-scope-<account>-<region>" within a Lease name's 253 characters.
          [](const RawValue& raw, Settings& s) {
            return store(parse_kubernetes_name(raw, 160, true), s.coordination.lease_prefix);
          },
          [](const Settings& s) -> Shown { return s.coordination.lease_prefix; }),
      key(
          "coordination.identity",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_name(raw), s.coordination.identity); },
          [](const Settings& s) -> Shown { return s.coordination.identity; }),
      key(
          "coordination.lease_duration",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 2, 3600), s.coordination.lease_duration); },
          [](const Settings& s) -> Shown { return std::to_string(s.coordination.lease_duration.count()); }),
      key(
          "coordination.renew_deadline",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 2, 3600), s.coordination.renew_deadline); },
          [](const Settings& s) -> Shown { return std::to_string(s.coordination.renew_deadline.count()); }),
      key(
          "coordination.retry_period",
          [](const RawValue& raw, Settings& s) { return store(parse_seconds(raw, 1, 3600), s.coordination.retry_period); },
          [](const Settings& s) -> Shown { return std::to_string(s.coordination.retry_period.count()); }),
      key(
          "coordination.kubeconfig",
          [](const RawValue& raw, Settings& s) { return store(parse_optional_name(raw), s.coordination.kubeconfig); },
          [](const Settings& s) -> Shown { return s.coordination.kubeconfig; }),
      key(
          "log.level",
          [](const RawValue& raw, Settings& s) {
            auto problem = store(parse_log_level(raw), s.log.level);
            if (!problem) s.log.level_text = *raw;
            return problem;
          },
          [](const Settings& s) -> Shown { return s.log.level_text; }),
      key(
          "log.format", [](const RawValue& raw, Settings& s) { return store(parse_log_format(raw), s.log.format); },
          [](const Settings& s) -> Shown { return s.log.format == LogFormat::json ? "json" : "text"; }),
      // Prometheus' own top-level remote_write list; a later file replaces an earlier file's whole list.
      key(
          "remote_write", [](const RawValue& raw, Settings& s) { return store(parse_remote_write(raw), s.remote_write); },
          [](const Settings& s) -> Shown { return remote_write_text(s.remote_write); }, ValueShape::records),
  };
  return keys;
}

std::string join(std::string_view section, std::string_view name) {
  return section.empty() ? std::string(name) : fmt::format("{}.{}", section, name);
}

std::string_view leaf_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

std::optional<std::string> suggest_key(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view parent = dot == std::string_view::npos ? std::string_view() : path.substr(0, dot);
  const std::string_view leaf = leaf_of(path);
  if (parent.empty() || is_section(parent)) {
    if (auto sibling = common::nearest_name(leaf, section_children(parent))) return join(parent, *sibling);
  }
  for (const auto& definition : table()) {
    if (leaf_of(definition.path) == leaf) return definition.path;
  }
  std::vector<std::string> paths;
  for (const auto& definition : table()) paths.push_back(definition.path);
  return common::nearest_name(path, paths);
}

}  // namespace

std::span<const KeyDefinition> key_table() { return table(); }

const KeyDefinition* find_key(std::string_view path) {
  const auto& keys = table();
  const auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyDefinition& k) { return k.path == path; });
  return it == keys.end() ? nullptr : &*it;
}

bool is_section(std::string_view path) {
  if (path.empty()) return true;
  const std::string prefix = fmt::format("{}.", path);
  return std::any_of(table().begin(), table().end(),
                     [&](const KeyDefinition& k) { return k.path.starts_with(prefix); });
}

std::vector<std::string> section_children(std::string_view section) {
  const std::string prefix = section.empty() ? std::string() : fmt::format("{}.", section);
  std::vector<std::string> children;
  for (const auto& definition : table()) {
    if (!definition.path.starts_with(prefix)) continue;
    const std::string_view rest = std::string_view(definition.path).substr(prefix.size());
    std::string child(rest.substr(0, rest.find('.')));
    if (std::find(children.begin(), children.end(), child) == children.end()) children.push_back(std::move(child));
  }
  return children;
}

std::string env_name_for(std::string_view path) {
  std::string name = "APP_";
  for (const char c : path) name += c == '.' ? '_' : common::upper_ascii(c);
  return name;
}

std::string unknown_key_message(std::string_view path) {
  if (!path.empty() && is_section(path)) {
    return fmt::format("'{}' is a section, not a key; its keys are {}", path, fmt::join(section_children(path), ", "));
  }
  std::string message = fmt::format("unknown key '{}'", path);
  if (auto suggestion = suggest_key(path)) message += fmt::format("; did you mean '{}'?", *suggestion);
  return message;
}

}  // namespace rds_exporter::config
