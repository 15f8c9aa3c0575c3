#pragma once

#include "sim/admin/request_stats.h"
#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/common/http_reply.h"
#include "sim/credentials/credential_store.h"
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
//   POST /_sim/credentials/expire-all  ends every temporary credential issued so far (STS, SSO, IMDS,
//                     container): {"expired": n}; requests signed with them get ExpiredToken from then on
class AdminApi {
 public:
  // `issued` may be null when nothing issues temporary credentials.
  AdminApi(std::shared_ptr<const Fleet> fleet, RequestStats& stats, cloudwatch::CloudWatchUsage& cloudwatch_usage,
           CredentialStore* issued = nullptr)
      : fleet_(std::move(fleet)), stats_(stats), cloudwatch_usage_(cloudwatch_usage), issued_(issued) {}

  HttpReply handle(std::string_view method, std::string_view path) const;

 private:
  HttpReply stats() const;
  HttpReply reset() const;
  HttpReply fleet() const;
  HttpReply expire_credentials() const;

  std::shared_ptr<const Fleet> fleet_;
  RequestStats& stats_;
  cloudwatch::CloudWatchUsage& cloudwatch_usage_;
  CredentialStore* issued_;
};

}  // namespace rds_exporter::sim
