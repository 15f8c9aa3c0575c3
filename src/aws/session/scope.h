#pragma once

#include "aws/client/aws_client_metrics.h"

#include <optional>
#include <string>

namespace rds_exporter::aws {

// One scope the exporter watches: an account in a region, reached with the base credentials or by assuming a
// role in that account with them.
struct ScopeSpec {
  ScopeLabels id;
  // Unset: the base credentials' own account.
  std::optional<std::string> role_arn;
  std::optional<std::string> external_id;
  std::optional<std::string> session_name;

  // "123456789012/eu-west-1", for log lines.
  std::string describe() const { return id.describe(); }

  friend bool operator==(const ScopeSpec&, const ScopeSpec&) = default;
};

}  // namespace rds_exporter::aws
