#pragma once

#include "config/assignment.h"
#include "config/settings.h"
#include "logging/level_spec.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace rds_exporter::config {

// Why a raw value was rejected, worded to follow "<key>: ", e.g. "expected an integer from 1 to
// 65535, got 70000".
struct Invalid {
  std::string message;
};

template <typename T>
using Parsed = std::variant<T, Invalid>;

// Puts an accepted value into `field` and answers nothing, or answers why the value was rejected and leaves
// `field` as it was.
template <typename T, typename Field>
std::optional<std::string> store(Parsed<T> parsed, Field& field) {
  if (auto* invalid = std::get_if<Invalid>(&parsed)) return std::move(invalid->message);
  field = static_cast<Field>(std::get<T>(std::move(parsed)));
  return std::nullopt;
}

// How a rejected value is quoted back: numbers bare, text in single quotes, null as "null".
std::string describe(const RawValue& raw);

Parsed<std::int64_t> parse_integer(const RawValue& raw, std::int64_t min, std::int64_t max);
Parsed<std::chrono::seconds> parse_seconds(const RawValue& raw, std::int64_t min, std::int64_t max);
Parsed<std::chrono::seconds> parse_cloudwatch_period(const RawValue& raw);
// Fractions allowed ("0.5"), rounded to the millisecond; must be above zero and at most `max_seconds`.
Parsed<std::chrono::milliseconds> parse_fractional_seconds(const RawValue& raw, double max_seconds);
Parsed<std::string> parse_aws_region(const RawValue& raw);
// Null or empty: unset, so that AWS_REGION, AWS_DEFAULT_REGION, the profile and instance metadata decide.
Parsed<std::optional<std::string>> parse_optional_aws_region(const RawValue& raw);
Parsed<bool> parse_boolean(const RawValue& raw);
// Null or empty: unset, so that the AWS SDK settings (environment, profile) decide; else as parse_integer and
// parse_boolean read it.
Parsed<std::optional<std::int64_t>> parse_optional_integer(const RawValue& raw, std::int64_t min, std::int64_t max);
Parsed<std::optional<bool>> parse_optional_boolean(const RawValue& raw);
// An http or https URL with a host; plain http only to loopback, since requests carry signatures.
Parsed<std::optional<std::string>> parse_optional_endpoint_url(const RawValue& raw);
// arn:<partition>:iam::<12-digit account>:role/<name>
Parsed<std::optional<std::string>> parse_optional_role_arn(const RawValue& raw);
// STS's limits: 2 to 1224 of letters, digits and +=,.@:/-
Parsed<std::optional<std::string>> parse_optional_external_id(const RawValue& raw);
// STS's limits: 2 to 64 of letters, digits and +=,.@-
Parsed<std::string> parse_role_session_name(const RawValue& raw);
// Requests per second; 0 turns the limit off.
Parsed<double> parse_rate_limit(const RawValue& raw);
Parsed<std::string> parse_host(const RawValue& raw);
// Empty is allowed: target.tag_key "" drops the seed's single tag condition.
Parsed<std::string> parse_tag_key(const RawValue& raw);
Parsed<std::string> parse_tag_value(const RawValue& raw);
// Null and the empty string both mean "unset".
Parsed<std::optional<std::string>> parse_optional_name(const RawValue& raw);
// A Kubernetes name (RFC 1123): lower-case letters, digits and '-', and '.' when `dots`, beginning and ending with a
// letter or digit, at most `max` characters. The optional form takes an empty value as unset.
Parsed<std::string> parse_kubernetes_name(const RawValue& raw, std::size_t max, bool dots);
Parsed<std::optional<std::string>> parse_optional_kubernetes_name(const RawValue& raw, std::size_t max, bool dots);
Parsed<std::string> parse_cloudwatch_statistic(const RawValue& raw);
// Lists and mappings arrive as text, the form an APP_* variable takes: "a,b,c" and "key=value,key=v1|v2". The
// YAML layer writes YAML sequences and mappings in that form (see yaml_layer.cpp); null and "" are empty.

// target.tags: "env=prd,team=payments|billing,owner" ("owner" or "owner=*": the tag present with any value).
Parsed<std::vector<TagRule>> parse_tag_rules(const RawValue& raw);
// exporter.tag_labels: tag keys.
Parsed<std::vector<std::string>> parse_tag_keys(const RawValue& raw);
// aws.regions and aws.organization.regions: region names, each once.
Parsed<std::vector<std::string>> parse_aws_regions(const RawValue& raw);
// 12-digit account ids (aws.organization.include_accounts / exclude_accounts).
Parsed<std::vector<std::string>> parse_account_ids(const RawValue& raw);
Parsed<std::optional<std::string>> parse_optional_role_name(const RawValue& raw);
// aws.accounts: YAML flow text (JSON included) of a list of {role_arn, external_id, regions, session_name}.
// An external id is never repeated in a message.
Parsed<std::vector<Settings::Account>> parse_accounts(const RawValue& raw);
// cloudwatch.metrics.add/drop: AWS/RDS metric names from the catalog, exact case.
Parsed<std::vector<std::string>> parse_metric_names(const RawValue& raw);
// cloudwatch.metrics.statistics: "CPUUtilization=Maximum,ReadLatency=p99".
Parsed<std::map<std::string, std::string>> parse_metric_statistics(const RawValue& raw);
Parsed<logging::LevelSpec> parse_log_level(const RawValue& raw);
Parsed<LogFormat> parse_log_format(const RawValue& raw);
Parsed<Delivery> parse_delivery(const RawValue& raw);
Parsed<Naming> parse_naming(const RawValue& raw);

}  // namespace rds_exporter::config
