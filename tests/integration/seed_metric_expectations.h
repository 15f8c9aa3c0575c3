#pragma once

#include "exporter_test_support.h"

#include <array>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace rds_exporter::testing {

// The prototype's engine-specific metrics as README.md's table ("The prototype's engine-specific metrics") promises
// them to each engine, and the values rds_sim documents for them (sim/README.md "Performance Insights" and
// sim/cloudwatch/metric_values.h): what the exporter tests expect, written from the two READMEs rather than from the
// exporter's catalog.
enum class SeedSource { performance_insights, cloudwatch };
enum class SeedFormula {
  single,     // the one input
  sum,        // input 0 + input 1
  hit_ratio,  // 100 × input 0 / (input 0 + input 1)
};
enum class SeedNeeds { nothing, read_replica, aurora_reader };

// One cell of the table: the series `series` of the engines `engines` (rds_sim's engine family bits).
struct SeedRow {
  std::string_view series;
  unsigned engines = 0;
  SeedSource source = SeedSource::performance_insights;
  // Performance Insights counters (without statistic), or one CloudWatch metric.
  std::array<std::string_view, 2> inputs{};
  SeedFormula formula = SeedFormula::single;
  // 60 for per-minute counters, 1000 for milliseconds.
  double divisor = 1;
  SeedNeeds needs = SeedNeeds::nothing;

  std::size_t input_count() const { return inputs[1].empty() ? 1 : 2; }
  // False for a CloudWatch metric the table lists under its own name (Aurora's rds_queries, rds_deadlocks,
  // rds_buffercachehitratio), which is one of the default CloudWatch series anyway.
  bool adds_series() const;
};

std::span<const SeedRow> seed_rows();

// Every series name the table has.
std::set<std::string> seed_series_names();

// The row that gives `instance` the series `series`, or nullptr when it should have none: its engine is not in the
// table's column, it is not a read replica or Aurora reader where that is needed, it is stopped, or the value would
// come from Performance Insights while that is off for the instance, not collected (`performance_insights_collected`
// false), or lacks one of the counters (rds_sim's counter catalog).
const SeedRow* seed_row_for(std::string_view series, const FleetInstance& instance,
                            bool performance_insights_collected = true);

// Whether the sample's value comes from Performance Insights (by its name and engine label).
bool from_performance_insights(const Sample& sample);

// What rds_sim documents for `row` of `instance` in the one-minute period starting at `start_seconds`: with period 60
// every statistic of a counter or a one-minute CloudWatch metric is its single sample; then the row's formula.
double documented_seed_value(const SeedRow& row, const FleetInstance& instance, std::int64_t start_seconds);

}  // namespace rds_exporter::testing
