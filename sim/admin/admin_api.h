#pragma once

#include "sim/admin/request_stats.h"
#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/common/http_reply.h"
#include "sim/fleet/fleet.h"

#include <memory>
#include <string_view>

namespace rds_exporter::sim {

// The simulator's own API, under /_sim/ where no AWS path lives, answering JSON:
//   GET  /_sim/stats  request counts: {"requests": {service: {operation: {outcome: count}}}, "total": n,
//                     "cloudwatch_metrics_requested": m} (m: what CloudWatch bills GetMetricData by)
//   POST /_sim/reset  forgets the counts
//   GET  /_sim/fleet  what the fleet holds (instances and clusters, no credentials), for tests to compare
//                     what a client listed with what is there
class AdminApi {
 public:
  AdminApi(std::shared_ptr<const Fleet> fleet, RequestStats& stats, cloudwatch::CloudWatchUsage& cloudwatch_usage)
      : fleet_(std::move(fleet)), stats_(stats), cloudwatch_usage_(cloudwatch_usage) {}

  HttpReply handle(std::string_view method, std::string_view path) const;

 private:
  HttpReply stats() const;
  HttpReply reset() const;
  HttpReply fleet() const;

  std::shared_ptr<const Fleet> fleet_;
  RequestStats& stats_;
  cloudwatch::CloudWatchUsage& cloudwatch_usage_;
};

}  // namespace rds_exporter::sim
