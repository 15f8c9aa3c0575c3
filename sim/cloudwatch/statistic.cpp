#include "sim/cloudwatch/statistic.h"

#include <charconv>

namespace rds_exporter::sim::cloudwatch {
namespace {

struct NamedStatistic {
  std::string_view name;
  Statistic::Kind kind;
};

constexpr NamedStatistic kBasicStatistics[] = {
    {"SampleCount", Statistic::Kind::kSampleCount},
    {"Average", Statistic::Kind::kAverage},
    {"Sum", Statistic::Kind::kSum},
    {"Minimum", Statistic::Kind::kMinimum},
    {"Maximum", Statistic::Kind::kMaximum},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<Statistic> parse_basic_statistic(std::string_view text) {
  for (const auto& [name, kind] : kBasicStatistics) {
    if (text == name) return Statistic{kind, 0};
  }
  return std::nullopt;
}

std::optional<Statistic> parse_percentile(std::string_view text) {
  if (text.size() < 2 || text.front() != 'p') return std::nullopt;
  const std::string_view number = text.substr(1);
  // Digits, then optionally '.' and one or two digits: what CloudWatch documents, and no exponents or signs
  // that from_chars would take.
  const std::size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : number.substr(dot + 1);
  const auto all_digits = [](std::string_view s) {
    for (const char c : s) {
      if (!is_digit(c)) return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) || fraction.size() > 2 ||
      (dot != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  double value = 0;
  std::from_chars(number.data(), number.data() + number.size(), value);
  if (value > 100) return std::nullopt;
  return Statistic{Statistic::Kind::kPercentile, value};
}

std::optional<Statistic> parse_statistic(std::string_view text) {
  if (auto basic = parse_basic_statistic(text)) return basic;
  return parse_percentile(text);
}

}  // namespace rds_exporter::sim::cloudwatch
