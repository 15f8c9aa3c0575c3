#pragma once

#include "sim/protocol/json_service.h"

namespace rds_exporter::sim::organizations {

// ListAccounts: {"MaxResults"?: 1-20 (default 20), "NextToken"?} -> {"Accounts": [{"Id", "Arn", "Email", "Name",
// "Status", "JoinedMethod", "JoinedTimestamp"}], "NextToken"?}, in the order the fleet lists the accounts.
// NextToken is opaque base64 naming the next position and the organization; anything else is
// InvalidInputException.
class ListAccounts final : public JsonOperation {
 public:
  std::string_view name() const override { return "ListAccounts"; }
  // AccessDeniedException for a policy without organizations:ListAccounts, or a caller outside the management
  // account; AWSOrganizationsNotInUseException when the fleet has no organization.
  std::optional<ApiError> deny(const JsonCall& call) const override;
  OperationOutcome invoke(const JsonCall& call) const override;
};

}  // namespace rds_exporter::sim::organizations
