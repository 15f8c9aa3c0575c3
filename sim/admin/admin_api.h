#pragma once

#include "sim/admin/request_stats.h"
#include "sim/aps/aps_usage.h"
#include "sim/cloudwatch/cloudwatch_usage.h"
#include "sim/common/admin_routes.h"
#include "sim/common/clock.h"
#include "sim/common/http_reply.h"
#include "sim/credentials/credential_store.h"
#include "sim/faults/change_api.h"
#include "sim/faults/fleet_store.h"

#include <memory>
#include <string_view>

namespace rds_exporter::sim {

// The simulator's own API, under /_sim/ where no AWS path lives, answering JSON:
//   GET  /_sim/stats  request counts: {"requests": {service: {operation: {outcome: count}}}, "total": n,
//                     "cloudwatch_metrics_requested": m, "aps_samples_received": s} (m: what CloudWatch bills
//                     GetMetricData by; s: samples the AMP remote-write endpoint accepted)
//   GET  /_sim/stats/scopes  the same counts by the caller's account and the signed region:
//                     {"scopes": {account: {region: {service: {operation: {outcome: count}}}}}, "total": n}
//   POST /_sim/reset  forgets the counts
//   GET  /_sim/fleet  what the fleet holds (instances and clusters, no credentials), for tests to compare
//                     what a client listed with what is there
//   GET  /_sim/clock  the data clock (--time-scale, --time-backdate): {"time_scale": K, "backdate": B, "start": s,
//                     "now": s, "real_now": s}, in seconds (since the epoch): the real time it started at, its
//                     time and real time now
//   POST /_sim/credentials/expire-all  ends every temporary credential issued so far (STS, SSO, IMDS,
//                     container): {"expired": n}; requests signed with them get ExpiredToken from then on
// and, through `changes`, the fault plan and runtime fleet changes (see ChangeApi), and through `routes` the routes
// other parts serve (CloudWatch Logs' streams, see logs::LogsAdmin).
class AdminApi {
 public:
  // `issued` may be null when nothing issues temporary credentials, `changes` when nothing may change,
  // `data_clock` when data runs on real time (time scale 1).
  AdminApi(const FleetStore& fleets, RequestStats& stats, cloudwatch::CloudWatchUsage& cloudwatch_usage,
           CredentialStore* issued = nullptr, const ChangeApi* changes = nullptr, ApsUsage* aps_usage = nullptr,
           const DataClock* data_clock = nullptr, const AdminRoutes* routes = nullptr)
      : fleets_(fleets),
        stats_(stats),
        cloudwatch_usage_(cloudwatch_usage),
        issued_(issued),
        changes_(changes),
        aps_usage_(aps_usage),
        data_clock_(data_clock),
        routes_(routes) {}

  HttpReply handle(std::string_view method, std::string_view path, std::string_view body = "",
                   const AdminQuery& query = {}) const;

 private:
  HttpReply stats() const;
  HttpReply scoped_stats() const;
  HttpReply reset() const;
  HttpReply fleet() const;
  HttpReply expire_credentials() const;
  HttpReply clock() const;

  const FleetStore& fleets_;
  RequestStats& stats_;
  cloudwatch::CloudWatchUsage& cloudwatch_usage_;
  CredentialStore* issued_;
  const ChangeApi* changes_;
  ApsUsage* aps_usage_;
  const DataClock* data_clock_;
  const AdminRoutes* routes_;
  // Real time, when there is no data clock.
  const DataClock real_time_;
};

}  // namespace rds_exporter::sim
