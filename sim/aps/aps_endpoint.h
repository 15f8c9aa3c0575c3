#pragma once

#include "common/http_message.h"
#include "sim/admin/request_stats.h"
#include "sim/aps/aps_usage.h"
#include "sim/auth/request_authenticator.h"
#include "sim/common/http_reply.h"
#include "sim/faults/fleet_store.h"
#include "sim/protocol/request_ids.h"

#include <string_view>

namespace rds_exporter::sim {

// Amazon Managed Service for Prometheus' remote-write endpoint, POST /workspaces/<workspace>/api/v1/remote_write:
// the SigV4 signature for service aps is verified as every other service's (RequestAuthenticator), the signer
// must be allowed aps:RemoteWrite, and the body must be a snappy-compressed prometheus.WriteRequest; then its
// samples are counted (ApsUsage) and the answer is 200 with an empty body. Errors are JSON {"message": ...} with
// x-amzn-ErrorType, as AMP answers. Every answer is counted in RequestStats as aps RemoteWrite. Thread-safe.
class ApsEndpoint {
 public:
  ApsEndpoint(const FleetStore& fleets, const RequestAuthenticator& authenticator, RequestStats& stats,
              ApsUsage& usage, RequestIds& request_ids)
      : fleets_(fleets), authenticator_(authenticator), stats_(stats), usage_(usage), request_ids_(request_ids) {}

  HttpReply handle(const common::HttpRequest& request, std::string_view workspace_id) const;

  static constexpr std::string_view kPathPattern = R"(/workspaces/([A-Za-z0-9_-]+)/api/v1/remote_write)";

 private:
  const FleetStore& fleets_;
  const RequestAuthenticator& authenticator_;
  RequestStats& stats_;
  ApsUsage& usage_;
  RequestIds& request_ids_;
};

}  // namespace rds_exporter::sim
