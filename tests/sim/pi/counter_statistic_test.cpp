#include "sim/pi/counter_statistic.h"

#include <gtest/gtest.h>

namespace rds_exporter::sim::pi {
namespace {

using Kind = cloudwatch::Statistic::Kind;

TEST(SimPiCounterStatistic, SplitsTheStatisticSuffixOff) {
  const std::pair<const char*, Kind> cases[] = {{"db.SQL.Questions.avg", Kind::kAverage},
                                                {"db.SQL.Questions.min", Kind::kMinimum},
                                                {"db.SQL.Questions.max", Kind::kMaximum},
                                                {"db.SQL.Questions.sum", Kind::kSum},
                                                {"db.SQL.Questions.sample_count", Kind::kSampleCount}};
  for (const auto& [metric, kind] : cases) {
    const auto split = split_statistic(metric);
    ASSERT_TRUE(split.has_value()) << metric;
    EXPECT_EQ(split->counter, "db.SQL.Questions");
    EXPECT_EQ(split->statistic.kind, kind) << metric;
  }
}

TEST(SimPiCounterStatistic, RefusesMissingAndUnknownSuffixes) {
  for (const char* metric : {"db.SQL.Questions", "db.SQL.Questions.average", "db.SQL.Questions.p99",
                             "db.SQL.Questions.AVG", "avg", ".avg", "db.SQL.Questions."}) {
    EXPECT_FALSE(split_statistic(metric).has_value()) << metric;
  }
}

}  // namespace
}  // namespace rds_exporter::sim::pi
