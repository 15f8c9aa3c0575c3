#pragma once

#include "sim/common/clock.h"
#include "sim/pi/pi_operation.h"

namespace rds_exporter::sim::pi {

// At most this many periods a query: 24 hours of one-minute points. AWS silently cuts long answers short (boto3
// issue 3784); rds_sim refuses them instead, so that a client never mistakes a cut answer for a whole one.
inline constexpr std::int64_t kMaxPeriodsPerQuery = 1440;

// GetResourceMetrics for counter metrics: every MetricQueries[].Metric ("db.SQL.Questions.avg") answers one
// MetricList entry, in request order, with one DataPoint per period of the aligned window, oldest first, stamped
// with the period's end (PeriodAlignment END_TIME, the default) or start (START_TIME). A point whose period has
// no value yet (sim/pi/counter_series.h) carries no Value. GroupBy and Filter are refused: rds_sim does not
// simulate dimensions. The validation order and messages are in sim/README.md, "Performance Insights".
class GetResourceMetrics final : public PiOperation {
 public:
  explicit GetResourceMetrics(Clock clock) : clock_(std::move(clock)) {}

  std::string_view name() const override { return "GetResourceMetrics"; }
  std::string_view iam_action() const override { return "pi:GetResourceMetrics"; }
  OperationOutcome invoke(const JsonCall& call) const override;

 private:
  Clock clock_;
};

}  // namespace rds_exporter::sim::pi
