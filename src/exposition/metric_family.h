#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::exposition {

// The 0.0.4 text format also knows summary; the exporter publishes none.
enum class MetricType { counter, gauge, histogram, untyped };

struct Label {
  std::string name;
  std::string value;
};

struct Sample {
  // Written in this order; Prometheus does not care, but stable output keeps diffs and tests readable.
  std::vector<Label> labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  // Appended to the family name: "_bucket", "_sum" or "_count" for a histogram's series, else empty.
  // A view of a string literal, so that ordinary samples pay no allocation for it.
  std::string_view name_suffix;
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
