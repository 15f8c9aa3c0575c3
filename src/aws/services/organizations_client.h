#pragma once

#include "aws/client/service_client.h"
#include "aws/services/organizations_wire.h"

#include <vector>

namespace rds_exporter::aws {

// The one AWS Organizations call the exporter makes: which accounts the organization holds. Callable from the
// management account or a delegated administrator.
class OrganizationsClient {
 public:
  explicit OrganizationsClient(ServiceClient client);

  // ListAccounts, every page, whatever their status (the caller keeps the ACTIVE ones).
  common::Expected<std::vector<OrganizationAccount>, AwsError> list_accounts() const;

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
