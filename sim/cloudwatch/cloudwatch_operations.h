#pragma once

#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/protocol/query_service.h"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// The two ways a CloudWatch request arrives and its answer must go back.
enum class WireProtocol { kQuery, kJson };

// A CloudWatch operation: read the parameters (Query, or a JSON body flattened to Query names), answer, and write
// the answer in the protocol the request came in. IAM authorises CloudWatch's read actions on "*".
class CloudWatchOperation : public QueryOperation {
 public:
  std::string resource_arn(const OperationCall&) const override { return "*"; }
  OperationOutcome invoke(const OperationCall& call) const override { return run(call, WireProtocol::kQuery); }

  virtual OperationOutcome run(const OperationCall& call, WireProtocol protocol) const = 0;
};

class GetMetricDataOperation final : public CloudWatchOperation {
 public:
  GetMetricDataOperation(Clock clock, CloudWatchUsage& usage) : clock_(std::move(clock)), usage_(usage) {}

  std::string_view name() const override { return "GetMetricData"; }
  std::string_view iam_action() const override { return "cloudwatch:GetMetricData"; }
  OperationOutcome run(const OperationCall& call, WireProtocol protocol) const override;

 private:
  Clock clock_;
  CloudWatchUsage& usage_;
};

class GetMetricStatisticsOperation final : public CloudWatchOperation {
 public:
  explicit GetMetricStatisticsOperation(Clock clock) : clock_(std::move(clock)) {}

  std::string_view name() const override { return "GetMetricStatistics"; }
  std::string_view iam_action() const override { return "cloudwatch:GetMetricStatistics"; }
  OperationOutcome run(const OperationCall& call, WireProtocol protocol) const override;

 private:
  Clock clock_;
};

class ListMetricsOperation final : public CloudWatchOperation {
 public:
  std::string_view name() const override { return "ListMetrics"; }
  std::string_view iam_action() const override { return "cloudwatch:ListMetrics"; }
  OperationOutcome run(const OperationCall& call, WireProtocol protocol) const override;
};

}  // namespace rds_exporter::sim::cloudwatch
