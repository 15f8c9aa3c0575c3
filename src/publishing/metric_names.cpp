#include "publishing/metric_names.h"

#include "catalog/seed_metrics.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace rds_exporter::publishing {
namespace {

// Deliberately not std::isalnum/std::tolower: names must not depend on the C locale.
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter_or_digit(char c) { return is_ascii_upper(c) || is_ascii_lower(c) || is_ascii_digit(c); }

char to_lower_ascii(char c) { return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// The words of a CloudWatch CamelCase name, lowercased: a word starts at an upper-case letter after a lower-case
// one or a digit ("FreeableMemory"), or at the last capital of a run that a lower-case letter follows
// ("CPUUtilization" → cpu, utilization); any other character separates words ("EBSByteBalance%").
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_ascii_letter_or_digit(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    if (!word.empty() && is_ascii_upper(c)) {
      const char previous = name[i - 1];
      const bool after_lower = is_ascii_lower(previous) || is_ascii_digit(previous);
      const bool ends_capital_run = is_ascii_upper(previous) && i + 1 < name.size() && is_ascii_lower(name[i + 1]);
      if (after_lower || ends_capital_run) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    word += to_lower_ascii(c);
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Where the words rule reads a name wrongly (IOPs, IDs, vCPUs, InnoDB, PostgreSQL, a run of acronyms), where the
// name would repeat its unit or end in a suffix Prometheus reserves (_count, _total), or where it would be another
// metric's at some statistic (AuroraReplicaLagMaximum is not AuroraReplicaLag at Maximum, and FreeLocalStoragePercent
// without its "percent" would share FreeLocalStorage's SampleCount name): the stem after "rds_".
// FreeStorageSpace takes qonto/prometheus-rds-exporter's rds_free_storage_bytes; DBLoad* take its dbload spelling.
struct StemOverride {
  std::string_view cloudwatch_name;
  std::string_view stem;
};

constexpr StemOverride kStemOverrides[] = {
    {"FreeStorageSpace", "free_storage"},
    {"MaximumUsedTransactionIDs", "maximum_used_transaction_ids"},
    {"EBSIOBalance%", "ebs_io_balance"},
    {"FailedSQLServerAgentJobsCount", "failed_sql_server_agent_jobs"},
    {"DBLoad", "dbload"},
    {"DBLoadCPU", "dbload_cpu"},
    {"DBLoadNonCPU", "dbload_noncpu"},
    {"DBLoadRelativeToNumVCPUs", "dbload_relative_to_num_vcpus"},
    {"AuroraMemoryNumDeclinedSqlTotal", "aurora_memory_declined_queries"},
    {"AuroraMemoryNumKillConnTotal", "aurora_memory_killed_connections"},
    {"AuroraMemoryNumKillQueryTotal", "aurora_memory_killed_queries"},
    {"AuroraMillisecondsSpentInOomRecovery", "aurora_time_in_oom_recovery"},
    {"AuroraSlowConnectionHandleCount", "aurora_slow_connection_handles"},
    {"AuroraSlowHandshakeCount", "aurora_slow_handshakes"},
    {"AuroraReplicaLagMaximum", "aurora_replica_lag_highest"},
    {"AuroraReplicaLagMinimum", "aurora_replica_lag_lowest"},
    {"FreeLocalStoragePercent", "local_storage_free"},
    {"RDSToAuroraPostgreSQLReplicaLag", "rds_to_aurora_postgresql_replica_lag"},
    {"VolumeBytesUsed", "volume_used"},
    {"VolumeReadIOPs", "volume_read_iops"},
    {"VolumeWriteIOPs", "volume_write_iops"},
    {"AuroraVolumeBytesLeftTotal", "aurora_volume_left"},
    {"AuroraGlobalDBRPOLag", "aurora_global_db_rpo_lag"},
    {"InnoDBPoolHits", "innodb_pool_hits"},
    {"InnoDBPoolReadRequests", "innodb_pool_read_requests"},
    {"InnoDBPoolReads", "innodb_pool_reads"},
};

constexpr std::string_view kMillisecondsToSeconds = "shown in seconds: divided by 1000";
constexpr std::string_view kMinutesToSeconds = "shown in seconds: multiplied by 60";

// BacktrackWindowActual is in minutes, which CloudWatch's StandardUnit lacks ("None").
constexpr std::string_view kMinuteMetrics[] = {"BacktrackWindowActual"};

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words) {
    if (!joined.empty()) joined += '_';
    joined += word;
  }
  return joined;
}

MetricNaming derive(const catalog::MetricSpec& metric) {
  MetricNaming naming;
  naming.metric = &metric;
  naming.prototype_name = prometheus_metric_name(metric.name);

  std::vector<std::string> words = words_of(metric.name);
  const std::string_view unit = metric.unit;
  const auto drop_last = [&words](std::initializer_list<std::string_view> repeated) {
    if (words.size() > 1 && std::find(repeated.begin(), repeated.end(), words.back()) != repeated.end()) {
      words.pop_back();
    }
  };
  const bool in_minutes =
      std::find(std::begin(kMinuteMetrics), std::end(kMinuteMetrics), metric.name) != std::end(kMinuteMetrics);
  if (in_minutes) {
    naming.unit_suffix = "_seconds";
    naming.scale = {60, 1};
    naming.conversion = kMinutesToSeconds;
  } else if (unit == "Percent") {
    // A ratio in percent is still a percentage: "BufferCacheHitRatio" → rds_buffer_cache_hit_percent.
    drop_last({"ratio", "percent"});
    naming.unit_suffix = "_percent";
  } else if (unit == "Bytes") {
    drop_last({"bytes"});
    naming.unit_suffix = "_bytes";
  } else if (unit == "Bytes/Second") {
    naming.unit_suffix = "_bytes_per_second";
  } else if (unit == "Count/Second") {
    // IOPS is already "per second".
    if (std::find(words.begin(), words.end(), "iops") == words.end()) naming.unit_suffix = "_per_second";
  } else if (unit == "Seconds") {
    drop_last({"seconds"});
    naming.unit_suffix = "_seconds";
  } else if (unit == "Milliseconds") {
    drop_last({"milliseconds"});
    naming.unit_suffix = "_seconds";
    naming.scale = {1, 1000};
    naming.conversion = kMillisecondsToSeconds;
  }
  // Count and None: no unit to name.

  const auto* override_row = std::find_if(std::begin(kStemOverrides), std::end(kStemOverrides),
                                          [&](const StemOverride& row) { return row.cloudwatch_name == metric.name; });
  naming.stem = "rds_";
  naming.stem += override_row != std::end(kStemOverrides) ? std::string(override_row->stem) : join(words);
  naming.average_name = naming.stem + naming.unit_suffix;
  return naming;
}

struct NamingTable {
  std::vector<MetricNaming> rows;
  std::unordered_map<const catalog::MetricSpec*, std::size_t> by_metric;

  NamingTable() {
    for (const auto& metric : catalog::metric_catalog()) add(metric);
    for (const auto& seed : catalog::seed_metrics()) add(seed.spec);
  }

  void add(const catalog::MetricSpec& metric) {
    by_metric.emplace(&metric, rows.size());
    rows.push_back(derive(metric));
  }
};

const NamingTable& naming_table() {
  static const NamingTable table;
  return table;
}

std::string scale_text(const ValueScale& scale) {
  if (scale.identity()) return "1";
  std::string text;
  const auto number = [](double value) { return std::to_string(static_cast<long long>(value)); };
  if (scale.multiplier != 1) text += "× " + number(scale.multiplier);
  if (scale.divisor != 1) text += (text.empty() ? "÷ " : " ÷ ") + number(scale.divisor);
  return text;
}

}  // namespace

std::string prometheus_metric_name(std::string_view cloudwatch_name) {
  std::string name = "rds_";
  name.reserve(name.size() + cloudwatch_name.size() + 8);
  for (const char c : cloudwatch_name) {
    if (c == '%') {
      name += "_percent";
    } else {
      name += is_ascii_letter_or_digit(c) || c == '_' || c == ':' ? to_lower_ascii(c) : '_';
    }
  }
  return name;
}

std::string tag_label_name(std::string_view tag_key) {
  std::string name = "tag_";
  name.reserve(name.size() + tag_key.size());
  // Case is kept: Prometheus label names are case-sensitive, and "Env" and "env" are different tags.
  for (const char c : tag_key) name += is_ascii_letter_or_digit(c) || c == '_' ? c : '_';
  return name;
}

std::string statistic_word(std::string_view statistic) {
  if (statistic.empty() || statistic == "Average") return "";
  if (statistic == "Maximum") return "maximum";
  if (statistic == "Minimum") return "minimum";
  if (statistic == "Sum") return "summed";
  if (statistic == "SampleCount") return "samples";
  // Percentiles ("p99.9") and anything else: lowercased, other characters as "_".
  std::string word;
  for (const char c : statistic) word += is_ascii_letter_or_digit(c) ? to_lower_ascii(c) : '_';
  return word;
}

const MetricNaming* find_naming(const catalog::MetricSpec& metric) {
  const NamingTable& table = naming_table();
  const auto found = table.by_metric.find(&metric);
  return found == table.by_metric.end() ? nullptr : &table.rows[found->second];
}

MetricNaming naming_of(const catalog::MetricSpec& metric) {
  const MetricNaming* found = find_naming(metric);
  return found ? *found : derive(metric);
}

SeriesName series_name(const MetricNaming& naming, std::string_view statistic, NamingScheme scheme) {
  if (scheme == NamingScheme::prototype) return {naming.prototype_name, {}, {}};
  const std::string word = statistic_word(statistic);
  if (word.empty()) return {naming.average_name, naming.scale, naming.conversion};
  // The number of datapoints: a count whatever the metric's unit.
  if (statistic == "SampleCount") return {naming.stem + "_" + word, {}, {}};
  return {naming.stem + "_" + word + naming.unit_suffix, naming.scale, naming.conversion};
}

std::span<const MetricNaming> metric_namings() { return naming_table().rows; }

std::string metric_names_markdown_table() {
  std::string table =
      "| CloudWatch metric | Scope | Unit | `prototype` name | `prometheus` name (Average) | "
      "`prometheus` name, statistic S | Scale |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const MetricNaming& naming : metric_namings()) {
    const catalog::MetricSpec& metric = *naming.metric;
    const bool seed = !metric.origin.empty();
    table += "| ";
    table += metric.name;
    if (seed) table += " (seed)";
    table += " | ";
    table += metric.scope == catalog::MetricScope::cluster ? "cluster" : "instance";
    table += " | ";
    table += metric.unit;
    table += " | `" + naming.prototype_name + "` | `" + naming.average_name + "` | `" + naming.stem + "_<S>" +
             naming.unit_suffix + "` | " + scale_text(naming.scale) + " |\n";
  }
  return table;
}

}  // namespace rds_exporter::publishing
