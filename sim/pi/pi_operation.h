#pragma once

#include "sim/protocol/json_service.h"

#include <optional>
#include <string_view>

namespace rds_exporter::sim::pi {

// A Performance Insights operation, authorised as IAM authorises them: iam_action() on the Performance Insights
// metrics of the instance the body names (arn:aws:pi:<region>:<account>:metrics/rds/<Identifier>). A caller without
// it gets NotAuthorizedException, the API's one authorisation error.
class PiOperation : public JsonOperation {
 public:
  // "pi:GetResourceMetrics"
  virtual std::string_view iam_action() const = 0;

  std::optional<ApiError> deny(const JsonCall& call) const final;
};

}  // namespace rds_exporter::sim::pi
