#pragma once

#include "sim/cloudwatch/statistic.h"

#include <optional>
#include <string_view>

namespace rds_exporter::sim::pi {

// A MetricQueries[].Metric split into the counter it names and its statistic: "db.SQL.Questions.avg" is the
// counter db.SQL.Questions and CloudWatch's Average. The suffixes are .avg, .min, .max, .sum and .sample_count.
struct CounterStatistic {
  std::string_view counter;
  cloudwatch::Statistic statistic;
};

// nullopt when the part after the last dot is not one of the five suffixes (a name without suffix included).
std::optional<CounterStatistic> split_statistic(std::string_view metric);

}  // namespace rds_exporter::sim::pi
