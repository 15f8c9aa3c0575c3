#pragma once

#include "common/expected.h"
#include "sim/cloudwatch/metric_catalog.h"
#include "sim/fleet/fleet.h"
#include "sim/pi/request_body.h"
#include "sim/protocol/api_error.h"

#include <string>
#include <string_view>

namespace rds_exporter::sim::pi {

// The instance whose Performance Insights data a request asks for, and the engine family that decides its
// counters.
struct PiResource {
  const DbInstance* instance;
  cloudwatch::EngineFamily family;
};

// The instance named by the request's ServiceType and Identifier (its DbiResourceId):
//   ServiceType missing or not RDS/DOCDB        ValidationException
//   ServiceType DOCDB                            InvalidArgumentException: rds_sim simulates RDS only
//   no instance has that DbiResourceId           InvalidArgumentException
//   Performance Insights off, or an engine it does not cover (Neptune, DocumentDB)
//                                                NotAuthorizedException "The resource ... is not authorized for this
//                                                account", as AWS answers for an instance without Performance Insights
common::Expected<PiResource, ApiError> find_resource(const RequestBody& request, const Fleet& fleet);

// What IAM authorises a call on: arn:aws:pi:<region>:<account>:metrics/rds/<Identifier>, "*" for the identifier when
// the body names none.
std::string metrics_arn(std::string_view body, const Fleet& fleet);

}  // namespace rds_exporter::sim::pi
