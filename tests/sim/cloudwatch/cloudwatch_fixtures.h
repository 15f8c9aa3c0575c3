#pragma once

#include "common/http_message.h"
#include "sim/cloudwatch/cloudwatch_service.h"
#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/common/http_reply.h"
#include "sim/fleet/fleet.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::cloudwatch::testing {

// 2026-11-25T12:00:00Z: the simulator's clock in these tests.
std::int64_t test_now();
std::chrono::sys_seconds at(std::int64_t seconds);
std::string iso(std::int64_t seconds);

// A small account covering what metrics depend on:
//   pg-prod-1        postgres 16.4, db.r5.large, gp3, Performance Insights
//   pg-replica-1     postgres read replica of pg-prod-1, db.t3.medium, gp2
//   mysql-prod-1     mysql 8.0.39, db.m6gd.large (NVMe instance storage)
//   mysql-stopped    mysql, stopped
//   orders-aurora-1  writer of the aurora-mysql 3.07.1 cluster orders-aurora (db.r6g.large)
//   orders-aurora-2  reader of orders-aurora
//   pg-aurora-1      writer of the aurora-postgresql cluster pg-aurora
//   graph-1          neptune, in the cluster graph
// all created 2024-01-01.
Fleet test_fleet();

// An account of `count` postgres instances "db-0001", "db-0002", ...
Fleet fleet_of_postgres_instances(int count);

// "q17" for ("q", 17).
std::string numbered(std::string_view prefix, int number);

// One MetricStat query in Query form.
struct QuerySpec {
  std::string id;
  std::string metric = "CPUUtilization";
  std::string instance = "pg-prod-1";
  std::string period = "60";
  std::string stat = "Average";
};

// Action=GetMetricData parameters for the queries and window; `extra` is appended.
common::QueryParams get_metric_data_params(const std::vector<QuerySpec>& queries, std::int64_t start, std::int64_t end,
                                           const common::QueryParams& extra = {});

// The AWS JSON 1.0 body a JS SDK would send for the same input: dotted names nested, "<list>.member.N" as arrays,
// "true"/"false" as booleans, whole numbers as numbers, StartTime/EndTime as epoch seconds. Action and Version
// are dropped.
nlohmann::json json_body(const common::QueryParams& params);

// Calls a CloudWatch service as the router would, over the Query protocol and over JSON 1.0.
class CloudWatchClient {
 public:
  explicit CloudWatchClient(Fleet fleet, std::int64_t now = test_now());

  // The Query outcome for params holding Action.
  OperationOutcome query(const common::QueryParams& params) const;
  // The JSON reply for the same input, sent with x-amzn-query-mode when `query_mode`.
  HttpReply json(const common::QueryParams& params, bool query_mode = true) const;
  HttpReply json_body(std::string_view operation, std::string_view body, bool query_mode = true) const;

  void set_now(std::int64_t now) { now_ = now; }
  const CloudWatchService& service() const { return service_; }
  const CloudWatchUsage& usage() const { return usage_; }
  const Fleet& fleet() const { return fleet_; }

 private:
  Fleet fleet_;
  std::int64_t now_;
  CloudWatchUsage usage_;
  CloudWatchService service_;
};

}  // namespace rds_exporter::sim::cloudwatch::testing
