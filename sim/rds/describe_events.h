#pragma once

#include "sim/common/clock.h"
#include "sim/protocol/query_service.h"

namespace rds_exporter::sim {

// DescribeEvents: the fleet's listed events and those generated per simulated hour, in [StartTime, EndTime) of the
// data clock (default the past hour), at most 14 days back, oldest first.
class DescribeEvents final : public QueryOperation {
 public:
  explicit DescribeEvents(Clock data_clock) : data_clock_(std::move(data_clock)) {}
  std::string_view name() const override { return "DescribeEvents"; }
  std::string_view iam_action() const override { return "rds:DescribeEvents"; }
  std::string resource_arn(const OperationCall& call) const override;
  OperationOutcome invoke(const OperationCall& call) const override;

 private:
  Clock data_clock_;
};

}  // namespace rds_exporter::sim
