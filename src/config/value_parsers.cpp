#include "config/value_parsers.h"

#include "catalog/metric_catalog.h"
#include "common/arn.h"
#include "common/kubernetes_name.h"
#include "common/nearest_name.h"
#include "common/text.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>
#include <vector>

namespace rds_exporter::config {
namespace {

template <typename Number>
std::optional<Number> to_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Number value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

Invalid expected(std::string_view form, const RawValue& raw) {
  return Invalid{fmt::format("expected {}, got {}", form, describe(raw))};
}

Invalid expected(std::string_view form, const RawValue& raw, const std::optional<std::string>& suggestion) {
  Invalid invalid = expected(form, raw);
  if (suggestion) invalid.message += fmt::format("; did you mean '{}'?", *suggestion);
  return invalid;
}

// AWS limits tags in characters, not bytes, so count UTF-8 lead bytes.
std::size_t character_count(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_ip_address(const std::string& text) {
  std::array<unsigned char, 16> buffer{};
  return inet_pton(AF_INET, text.c_str(), buffer.data()) == 1 || inet_pton(AF_INET6, text.c_str(), buffer.data()) == 1;
}

template <typename Predicate>
bool all_of(std::string_view text, Predicate predicate) {
  return std::all_of(text.begin(), text.end(), predicate);
}

bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// "ap-northeast-2", "us-gov-west-1": two letters, one or more words, a number.
bool is_region(std::string_view text) {
  const auto parts = common::split(text, '-');
  if (parts.size() < 3 || parts.front().size() != 2 || !all_of(parts.front(), is_lower)) return false;
  if (parts.back().empty() || !all_of(parts.back(), common::is_ascii_digit)) return false;
  return std::all_of(parts.begin() + 1, parts.end() - 1,
                     [](std::string_view word) { return !word.empty() && all_of(word, is_lower); });
}

// RFC 1123 labels. A name whose last label is all digits would be a mistyped IPv4 address, not a host.
bool is_hostname(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  const auto labels = common::split(text, '.');
  const bool labels_valid = std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           all_of(label, [](unsigned char c) { return common::is_ascii_alnum(c) || c == '-'; });
  });
  return labels_valid && !all_of(labels.back(), common::is_ascii_digit);
}

// "p99", "p99.9", "p99.99", from p0 to p100.
bool is_percentile(std::string_view text) {
  if (!text.starts_with('p')) return false;
  const auto parts = common::split(text.substr(1), '.');
  if (parts.size() > 2 || parts[0].empty() || parts[0].size() > 3 || !all_of(parts[0], common::is_ascii_digit))
    return false;
  if (parts.size() == 2 && (parts[1].empty() || parts[1].size() > 2 || !all_of(parts[1], common::is_ascii_digit)))
    return false;
  const auto value = to_number<double>(text.substr(1));
  return value && *value <= 100.0;
}

const std::vector<std::string> kStatisticNames{"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
const std::vector<std::string> kLogFormatNames{"text", "json"};
const std::vector<std::string> kDeliveryNames{"newest", "replay"};
const std::vector<std::string> kNamingNames{"prototype", "prometheus"};

std::optional<std::string> statistic_suggestion(const std::string& text) {
  // CloudWatch rejects "P99" although people write percentiles that way.
  if (text.starts_with('P')) {
    std::string lowered = text;
    lowered.front() = 'p';
    if (is_percentile(lowered)) return lowered;
  }
  return common::nearest_name(text, kStatisticNames);
}

}  // namespace

std::string describe(const RawValue& raw) {
  if (!raw) return "null";
  if (to_number<double>(*raw)) return *raw;
  return fmt::format("'{}'", *raw);
}

Parsed<std::int64_t> parse_integer(const RawValue& raw, std::int64_t min, std::int64_t max) {
  const auto value = raw ? to_number<std::int64_t>(*raw) : std::nullopt;
  if (!value || *value < min || *value > max) return expected(fmt::format("an integer from {} to {}", min, max), raw);
  return *value;
}

Parsed<std::chrono::seconds> parse_seconds(const RawValue& raw, std::int64_t min, std::int64_t max) {
  const auto value = raw ? to_number<std::int64_t>(*raw) : std::nullopt;
  if (!value || *value < min || *value > max) {
    return expected(fmt::format("a whole number of seconds from {} to {}", min, max), raw);
  }
  return std::chrono::seconds(*value);
}

Parsed<std::chrono::seconds> parse_cloudwatch_period(const RawValue& raw) {
  const auto value = raw ? to_number<std::int64_t>(*raw) : std::nullopt;
  if (!value || *value < 60 || *value % 60 != 0) {
    return expected(
        "a whole number of seconds that is a multiple of 60 (RDS publishes CloudWatch metrics once a minute)", raw);
  }
  return std::chrono::seconds(*value);
}

Parsed<std::chrono::milliseconds> parse_fractional_seconds(const RawValue& raw, double max_seconds) {
  const auto value = raw ? to_number<double>(*raw) : std::nullopt;
  // Written so that NaN fails the test too.
  if (!value || !(*value >= 0.001 && *value <= max_seconds)) {
    return expected(fmt::format("a number of seconds from 0.001 to {}, such as 0.5", max_seconds), raw);
  }
  return std::chrono::milliseconds(std::llround(*value * 1000.0));
}

Parsed<std::string> parse_aws_region(const RawValue& raw) {
  if (raw && is_region(*raw)) return *raw;
  std::optional<std::string> suggestion;
  if (raw && is_region(common::to_lower_ascii(*raw))) suggestion = common::to_lower_ascii(*raw);
  return expected("an AWS region name such as ap-northeast-2 or us-gov-west-1", raw, suggestion);
}

Parsed<std::optional<std::string>> parse_optional_aws_region(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  auto parsed = parse_aws_region(raw);
  if (auto* invalid = std::get_if<Invalid>(&parsed)) return std::move(*invalid);
  return std::optional<std::string>{std::get<std::string>(std::move(parsed))};
}

Parsed<bool> parse_boolean(const RawValue& raw) {
  if (raw == "true") return true;
  if (raw == "false") return false;
  return expected("true or false", raw);
}

namespace {

// Null and "" leave the value unset; anything else is read by `parse`.
template <typename T, typename Parse>
Parsed<std::optional<T>> unless_unset(const RawValue& raw, Parse parse) {
  if (!raw || raw->empty()) return std::optional<T>{};
  auto parsed = parse(raw);
  if (auto* invalid = std::get_if<Invalid>(&parsed)) return std::move(*invalid);
  return std::optional<T>{std::get<T>(parsed)};
}

}  // namespace

Parsed<std::optional<std::int64_t>> parse_optional_integer(const RawValue& raw, std::int64_t min, std::int64_t max) {
  return unless_unset<std::int64_t>(raw, [&](const RawValue& value) { return parse_integer(value, min, max); });
}

Parsed<std::optional<bool>> parse_optional_boolean(const RawValue& raw) {
  return unless_unset<bool>(raw, parse_boolean);
}

Parsed<std::optional<std::string>> parse_optional_endpoint_url(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  const std::string_view url = *raw;
  const auto scheme_end = url.find("://");
  const std::string scheme =
      scheme_end == std::string_view::npos ? "" : common::to_lower_ascii(url.substr(0, scheme_end));
  const std::string_view rest = scheme_end == std::string_view::npos ? "" : url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if ((scheme != "http" && scheme != "https") || authority.empty() || authority.find('@') != std::string_view::npos) {
    return expected("an http or https URL such as https://rds.eu-west-1.amazonaws.com or http://127.0.0.1:9044", raw);
  }
  std::string host;
  if (authority.front() == '[') {
    host = std::string(authority.substr(1, authority.find(']') - 1));
  } else {
    host = std::string(authority.substr(0, authority.rfind(':')));
  }
  const bool loopback = host == "localhost" || host == "::1" || host.starts_with("127.");
  if (scheme == "http" && !loopback) {
    return Invalid{
        fmt::format("expected https for '{}': requests carry signatures and tokens, so plain http is "
                    "accepted only for loopback addresses (127.0.0.1, ::1, localhost)",
                    host)};
  }
  return std::optional<std::string>{*raw};
}

Parsed<std::optional<std::string>> parse_optional_role_arn(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  // arn:aws*:iam::<12 digits>:role/<name>, the name without colons.
  const auto arn = common::parse_arn(*raw);
  const bool valid = arn && arn->partition.starts_with("aws") && arn->service == "iam" && arn->region.empty() &&
                     common::is_account_id(arn->account_id) && arn->resource.starts_with("role/") &&
                     arn->resource.size() > 5 && arn->resource.find(':') == std::string::npos;
  if (!valid) return expected("a role ARN such as arn:aws:iam::123456789012:role/rds-exporter", raw);
  return std::optional<std::string>{*raw};
}

namespace {
bool is_sts_name_character(unsigned char c, std::string_view extra) {
  return common::is_ascii_alnum(c) || c == '_' || extra.find(static_cast<char>(c)) != std::string_view::npos;
}
}  // namespace

Parsed<std::optional<std::string>> parse_optional_external_id(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  if (raw->size() < 2 || raw->size() > 1224 ||
      !all_of(*raw, [](unsigned char c) { return is_sts_name_character(c, "+=,.@:/-"); })) {
    // The value is left out of the message: an external id is a shared secret between two accounts.
    return Invalid{"expected 2 to 1224 of letters, digits and +=,.@:/- (the value is not repeated here)"};
  }
  return std::optional<std::string>{*raw};
}

Parsed<std::string> parse_role_session_name(const RawValue& raw) {
  if (raw && raw->size() >= 2 && raw->size() <= 64 &&
      all_of(*raw, [](unsigned char c) { return is_sts_name_character(c, "+=,.@-"); })) {
    return *raw;
  }
  return expected("2 to 64 of letters, digits and +=,.@-", raw);
}

Parsed<double> parse_rate_limit(const RawValue& raw) {
  const auto value = raw ? to_number<double>(*raw) : std::nullopt;
  if (!value || !(*value >= 0 && *value <= 10000)) {
    return expected("requests per second from 0 (no limit) to 10000, fractions allowed", raw);
  }
  return *value;
}

Parsed<std::string> parse_host(const RawValue& raw) {
  if (raw && (is_ip_address(*raw) || is_hostname(*raw))) return *raw;
  std::optional<std::string> suggestion;
  if (raw && raw->size() > 2 && raw->front() == '[' && raw->back() == ']' &&
      is_ip_address(raw->substr(1, raw->size() - 2))) {
    suggestion = raw->substr(1, raw->size() - 2);
  }
  return expected("a hostname or an IP address such as 0.0.0.0 or ::", raw, suggestion);
}

Parsed<std::string> parse_tag_key(const RawValue& raw) {
  if (raw && character_count(*raw) <= 128) return *raw;
  return expected("a tag key of at most 128 characters (empty: no tag condition)", raw);
}

Parsed<std::string> parse_tag_value(const RawValue& raw) {
  if (raw && character_count(*raw) <= 256) return *raw;
  return expected("a tag value of at most 256 characters", raw);
}

Parsed<std::optional<std::string>> parse_optional_name(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{*raw};
}

Parsed<std::string> parse_kubernetes_name(const RawValue& raw, std::size_t max, bool dots) {
  if (raw && common::is_kubernetes_name(*raw, max, dots)) return *raw;
  return expected(fmt::format("a Kubernetes name of at most {} characters: lower-case letters, digits{} and '-', "
                              "beginning and ending with a letter or digit",
                              max, dots ? ", '.'" : ""),
                  raw);
}

Parsed<std::optional<std::string>> parse_optional_kubernetes_name(const RawValue& raw, std::size_t max, bool dots) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  auto parsed = parse_kubernetes_name(raw, max, dots);
  if (auto* invalid = std::get_if<Invalid>(&parsed)) return std::move(*invalid);
  return std::optional<std::string>{std::get<std::string>(std::move(parsed))};
}

Parsed<std::string> parse_cloudwatch_statistic(const RawValue& raw) {
  if (raw && (std::find(kStatisticNames.begin(), kStatisticNames.end(), *raw) != kStatisticNames.end() ||
              is_percentile(*raw))) {
    return *raw;
  }
  return expected(
      "one of SampleCount, Average, Sum, Minimum, Maximum (case matters), or a percentile from p0 to p100 such as "
      "p99 or p99.9",
      raw, raw ? statistic_suggestion(*raw) : std::nullopt);
}

namespace {

// The entries of a list value, trimmed, empty ones dropped ("a, b," is a and b).
std::vector<std::string> list_entries(const RawValue& raw) {
  std::vector<std::string> entries;
  if (!raw) return entries;
  for (std::string_view entry : common::split(*raw, ',')) {
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (!entry.empty()) entries.emplace_back(entry);
  }
  return entries;
}

Invalid invalid_entry(std::string_view entry, std::string_view why) {
  return Invalid{fmt::format("'{}' {}", entry, why)};
}

std::optional<Invalid> check_metric_name(const std::string& name) {
  if (catalog::is_known_metric(name)) return std::nullopt;
  std::string why = "is not a CloudWatch AWS/RDS metric";
  if (const auto suggestion = common::nearest_name(name, catalog::metric_names())) {
    why += fmt::format("; did you mean '{}'?", *suggestion);
  }
  return invalid_entry(name, why);
}

}  // namespace

Parsed<std::vector<TagRule>> parse_tag_rules(const RawValue& raw) {
  std::vector<TagRule> rules;
  for (const std::string& entry : list_entries(raw)) {
    const auto equals = entry.find('=');
    TagRule rule{entry.substr(0, equals), {}};
    if (character_count(rule.key) > 128) return invalid_entry(entry, "has a tag key longer than 128 characters");
    if (rule.key.empty()) return invalid_entry(entry, "has no tag key; expected key=value, key=v1|v2 or key");
    const std::string values = equals == std::string::npos ? "*" : entry.substr(equals + 1);
    if (values != "*") {
      for (const std::string_view value : common::split(values, '|')) {
        if (character_count(value) > 256) return invalid_entry(entry, "has a tag value longer than 256 characters");
        rule.values.emplace_back(value);
      }
    }
    const bool repeated = std::any_of(rules.begin(), rules.end(), [&](const TagRule& r) { return r.key == rule.key; });
    if (repeated) return invalid_entry(entry, "repeats a tag key; list its values as key=v1|v2");
    rules.push_back(std::move(rule));
  }
  return rules;
}

Parsed<std::vector<std::string>> parse_tag_keys(const RawValue& raw) {
  std::vector<std::string> keys = list_entries(raw);
  for (const std::string& key : keys) {
    if (character_count(key) > 128) return invalid_entry(key, "is longer than 128 characters, AWS's tag key limit");
  }
  return keys;
}

Parsed<std::vector<std::string>> parse_metric_names(const RawValue& raw) {
  std::vector<std::string> names = list_entries(raw);
  for (const std::string& name : names) {
    if (auto invalid = check_metric_name(name)) return std::move(*invalid);
  }
  return names;
}

Parsed<std::map<std::string, std::string>> parse_metric_statistics(const RawValue& raw) {
  std::map<std::string, std::string> statistics;
  for (const std::string& entry : list_entries(raw)) {
    const auto equals = entry.find('=');
    if (equals == std::string::npos) return invalid_entry(entry, "is not of the form MetricName=Statistic");
    const std::string name = entry.substr(0, equals);
    if (auto invalid = check_metric_name(name)) return std::move(*invalid);
    auto statistic = parse_cloudwatch_statistic(entry.substr(equals + 1));
    if (auto* invalid = std::get_if<Invalid>(&statistic)) {
      return Invalid{fmt::format("{}: {}", name, invalid->message)};
    }
    statistics[name] = std::get<std::string>(std::move(statistic));
  }
  return statistics;
}

Parsed<logging::LevelSpec> parse_log_level(const RawValue& raw) {
  if (!raw) return expected("a level such as info, or a spec such as info,aws=debug", raw);
  auto parsed = logging::parse_level_spec(*raw);
  if (auto* message = std::get_if<std::string>(&parsed)) return Invalid{std::move(*message)};
  return std::get<logging::LevelSpec>(std::move(parsed));
}

Parsed<LogFormat> parse_log_format(const RawValue& raw) {
  if (raw == "text") return LogFormat::text;
  if (raw == "json") return LogFormat::json;
  return expected("text or json", raw, raw ? common::nearest_name(*raw, kLogFormatNames) : std::nullopt);
}

Parsed<Delivery> parse_delivery(const RawValue& raw) {
  if (raw == "newest") return Delivery::newest;
  if (raw == "replay") return Delivery::replay;
  return expected("newest or replay", raw, raw ? common::nearest_name(*raw, kDeliveryNames) : std::nullopt);
}

Parsed<Naming> parse_naming(const RawValue& raw) {
  if (raw == "prototype") return Naming::prototype;
  if (raw == "prometheus") return Naming::prometheus;
  return expected("prototype or prometheus", raw, raw ? common::nearest_name(*raw, kNamingNames) : std::nullopt);
}

Parsed<std::vector<std::string>> parse_aws_regions(const RawValue& raw) {
  std::vector<std::string> regions;
  for (const std::string& entry : list_entries(raw)) {
    auto parsed = parse_aws_region(entry);
    if (auto* invalid = std::get_if<Invalid>(&parsed)) return Invalid{fmt::format("'{}': {}", entry, invalid->message)};
    if (std::find(regions.begin(), regions.end(), entry) != regions.end()) {
      return invalid_entry(entry, "is listed twice");
    }
    regions.push_back(entry);
  }
  return regions;
}

Parsed<std::vector<std::string>> parse_account_ids(const RawValue& raw) {
  std::vector<std::string> ids;
  for (const std::string& entry : list_entries(raw)) {
    if (!common::is_account_id(entry)) {
      return invalid_entry(entry, "is not an AWS account id (12 digits, such as 123456789012)");
    }
    ids.push_back(entry);
  }
  return ids;
}

Parsed<std::optional<std::string>> parse_optional_role_name(const RawValue& raw) {
  if (!raw || raw->empty()) return std::optional<std::string>{};
  // IAM role names: 1 to 64 of letters, digits and +=,.@_- (a path is not part of the name).
  if (raw->size() > 64 || !all_of(*raw, [](unsigned char c) { return is_sts_name_character(c, "+=,.@-"); })) {
    return expected("an IAM role name (1 to 64 of letters, digits and +=,.@_-) such as rds-exporter", raw);
  }
  return std::optional<std::string>{*raw};
}

namespace {

constexpr std::string_view kAccountsForm =
    "a list of mappings with role_arn, and optionally external_id, regions and session_name (YAML, or JSON in "
    "APP_AWS_ACCOUNTS)";

const std::vector<std::string> kAccountFields{"role_arn", "external_id", "regions", "session_name"};

// A field's value as the scalar parsers take it: a scalar as is, a list of scalars joined by commas.
std::optional<RawValue> field_text(const YAML::Node& node) {
  if (node.IsNull()) return RawValue{};
  if (node.IsScalar()) return RawValue{node.Scalar()};
  if (!node.IsSequence()) return std::nullopt;
  std::string joined;
  for (const auto& item : node) {
    if (!item.IsScalar()) return std::nullopt;
    if (!joined.empty()) joined += ',';
    joined += item.Scalar();
  }
  return RawValue{joined};
}

std::optional<std::string> read_account_field(const std::string& name, const RawValue& value,
                                              Settings::Account& account) {
  if (name == "role_arn") return store(parse_optional_role_arn(value), account.role_arn);
  if (name == "external_id") return store(parse_optional_external_id(value), account.external_id);
  if (name == "regions") return store(parse_aws_regions(value), account.regions);
  std::string session_name;
  auto problem = store(parse_role_session_name(value), session_name);
  if (!problem) account.session_name = std::move(session_name);
  return problem;
}

}  // namespace

Parsed<std::vector<Settings::Account>> parse_accounts(const RawValue& raw) {
  std::vector<Settings::Account> accounts;
  if (!raw || raw->empty()) return accounts;
  YAML::Node root;
  try {
    root = YAML::Load(*raw);
  } catch (const YAML::Exception& error) {
    return Invalid{fmt::format("expected {}; it does not parse: {}", kAccountsForm, error.msg)};
  }
  if (root.IsNull()) return accounts;
  if (!root.IsSequence()) return Invalid{fmt::format("expected {}", kAccountsForm)};
  bool base_account_listed = false;
  for (std::size_t index = 0; index < root.size(); ++index) {
    const YAML::Node entry = root[index];
    const std::string where = fmt::format("entry {}", index + 1);
    if (!entry.IsMap()) return Invalid{fmt::format("{}: expected a mapping ({})", where, kAccountsForm)};
    Settings::Account account;
    for (const auto& field : entry) {
      const std::string name = field.first.IsScalar() ? field.first.Scalar() : std::string();
      if (std::find(kAccountFields.begin(), kAccountFields.end(), name) == kAccountFields.end()) {
        std::string message = fmt::format("{}: unknown field '{}' (known: {})", where, name, fmt::join(kAccountFields, ", "));
        if (auto suggestion = common::nearest_name(name, kAccountFields)) {
          message += fmt::format("; did you mean '{}'?", *suggestion);
        }
        return Invalid{std::move(message)};
      }
      const auto value = field_text(field.second);
      if (!value) return Invalid{fmt::format("{}: {}: expected a single value or a list of values", where, name)};
      if (auto problem = read_account_field(name, *value, account)) {
        return Invalid{fmt::format("{}: {}: {}", where, name, *problem)};
      }
    }
    if (!account.role_arn) {
      if (account.external_id || account.session_name) {
        return Invalid{fmt::format("{}: external_id and session_name need a role_arn to assume", where)};
      }
      if (base_account_listed) {
        return Invalid{fmt::format("{}: a second entry without role_arn; the base credentials' account is listed once", where)};
      }
      base_account_listed = true;
    } else if (std::any_of(accounts.begin(), accounts.end(),
                           [&](const Settings::Account& other) { return other.role_arn == account.role_arn; })) {
      return Invalid{fmt::format("{}: role_arn {} is listed twice", where, *account.role_arn)};
    }
    accounts.push_back(std::move(account));
  }
  return accounts;
}

}  // namespace rds_exporter::config
