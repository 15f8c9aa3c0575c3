#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::exposition {

// The 0.0.4 text format also knows histogram and summary; the exporter publishes neither, and
// supporting them would mean per-sample name suffixes that every other sample would pay for.
enum class MetricType { counter, gauge, untyped };

struct Label {
  std::string name;
  std::string value;
};

struct Sample {
  // Written in this order; Prometheus does not care, but stable output keeps diffs and tests readable.
  std::vector<Label> labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
};

// Names are assumed valid here (see names.h): they are checked once where they are created, not on
// every scrape.
struct MetricFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::untyped;
  std::vector<Sample> samples;
};

}  // namespace rds_exporter::exposition
