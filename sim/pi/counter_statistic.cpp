#include "sim/pi/counter_statistic.h"

namespace rds_exporter::sim::pi {
namespace {

using Kind = cloudwatch::Statistic::Kind;

struct Suffix {
  std::string_view text;
  Kind kind;
};

constexpr Suffix kSuffixes[] = {
    {"avg", Kind::kAverage},
    {"min", Kind::kMinimum},
    {"max", Kind::kMaximum},
    {"sum", Kind::kSum},
    {"sample_count", Kind::kSampleCount},
};

}  // namespace

std::optional<CounterStatistic> split_statistic(std::string_view metric) {
  const std::size_t dot = metric.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view suffix = metric.substr(dot + 1);
  for (const auto& [text, kind] : kSuffixes) {
    if (suffix == text) return CounterStatistic{metric.substr(0, dot), cloudwatch::Statistic{kind, 0}};
  }
  return std::nullopt;
}

}  // namespace rds_exporter::sim::pi
