#pragma once

#include "sim/organizations/list_accounts.h"
#include "sim/protocol/json_service.h"

#include <string_view>

namespace rds_exporter::sim::organizations {

// AWS Organizations (API version 2016-11-28) as far as rds_exporter reads it: ListAccounts, over AWS JSON 1.1
// (X-Amz-Target: AWSOrganizationsV20161128.ListAccounts, signing name "organizations", one global endpoint signed
// for us-east-1). The accounts are the fleet's organization's; only principals of its management account whose
// policy allows organizations:ListAccounts may list them. Thread-safe.
class OrganizationsService final : public JsonService {
 public:
  std::string_view signing_name() const override { return "organizations"; }
  std::string_view target_prefix() const override { return "AWSOrganizationsV20161128"; }
  std::string_view api_version() const override { return "2016-11-28"; }
  const JsonOperation* find_operation(std::string_view name) const override {
    return name == list_accounts_.name() ? &list_accounts_ : nullptr;
  }
  // Errors in AWS JSON 1.1's form ({"__type", "Message"}), as Performance Insights sends them.
  HttpReply reply(OperationOutcome outcome) const override;

 private:
  ListAccounts list_accounts_;
};

}  // namespace rds_exporter::sim::organizations
