#pragma once

#include "catalog/metric_catalog.h"

#include <span>
#include <string>
#include <string_view>

namespace rds_exporter::publishing {

// The seed's names: "rds_" + the CloudWatch metric name lowercased ("CPUUtilization" → "rds_cpuutilization"),
// "%" spelled "_percent" ("EBSByteBalance%" → "rds_ebsbytebalance_percent") and any other character Prometheus
// forbids in a name replaced by "_".
std::string prometheus_metric_name(std::string_view cloudwatch_name);

// A tag key as a label name: "tag_" + the key with every character outside [a-zA-Z0-9_] replaced by "_"
// ("aws:cloudformation:stack-name" → "tag_aws_cloudformation_stack_name").
std::string tag_label_name(std::string_view tag_key);

// How the fleet's CloudWatch and Performance Insights series are named (exporter.naming; docs/metric-names.md).
// Publishing keeps its own enum so that it does not depend on the configuration.
enum class NamingScheme {
  prototype,   // prometheus_metric_name: rds_cpuutilization, CloudWatch's values and units
  prometheus,  // Prometheus's conventions: rds_cpu_utilization_percent, base units, the statistic in the name
};

// A value conversion into a base unit, kept as a multiplier and a divisor so that milliseconds become seconds
// by an exact division by 1000 (a multiplication by 0.001 is off by one unit in the last place for many values).
struct ValueScale {
  double multiplier = 1;
  double divisor = 1;

  bool identity() const { return multiplier == 1 && divisor == 1; }
  double apply(double value) const { return identity() ? value : value * multiplier / divisor; }
};

// One metric's names, worked out once: the prototype's, and the prometheus scheme's in pieces (the statistic
// goes between the stem and the unit suffix).
struct MetricNaming {
  const catalog::MetricSpec* metric = nullptr;
  std::string prototype_name;  // "rds_commitlatency"
  std::string stem;            // "rds_commit_latency"
  std::string unit_suffix;     // "_seconds", "_bytes", "_bytes_per_second", "_per_second", "_percent" or ""
  std::string average_name;    // stem + unit_suffix: the name at the Average statistic
  ValueScale scale;            // CloudWatch's unit into the suffix's (Milliseconds ÷ 1000, minutes × 60)
  // For the HELP text: how the value was converted ("shown in seconds: divided by 1000"); empty for none.
  std::string_view conversion;
};

// The statistic's word in a prometheus-scheme name: "" for Average, "maximum", "minimum", "summed" (never
// "sum": Prometheus reserves a final _sum for summaries and histograms), "samples" for SampleCount, and a
// percentile with its dot as "_" ("p99", "p99_9").
std::string statistic_word(std::string_view statistic);

// A series' name and the conversion its values take, in one scheme.
struct SeriesName {
  std::string name;
  ValueScale scale;
  std::string_view conversion;
};

// The table's row for a catalog or seed metric; nullptr for a MetricSpec built elsewhere (as tests do).
const MetricNaming* find_naming(const catalog::MetricSpec& metric);

// find_naming's row, or for a metric the table lacks, its naming worked out from its name and unit by the same
// rules.
MetricNaming naming_of(const catalog::MetricSpec& metric);

// The name and scale of `metric`'s series at `statistic`. In the prometheus scheme: stem, statistic word, unit
// suffix, the scale into the base unit; SampleCount counts datapoints, so it takes no unit and no scale.
SeriesName series_name(const MetricNaming& naming, std::string_view statistic, NamingScheme scheme);

// Every catalog metric, then every seed metric, in their own order: the table docs/metric-names.md shows.
std::span<const MetricNaming> metric_namings();

// docs/metric-names.md's table, as Markdown rows (header included), from metric_namings().
std::string metric_names_markdown_table();

}  // namespace rds_exporter::publishing
