#pragma once

#include "aws/client/service_client.h"
#include "aws/services/rds_wire.h"

#include <functional>
#include <vector>

namespace rds_exporter::aws {

// The RDS API calls the exporter makes, each listing walked to its last page.
class RdsClient {
 public:
  explicit RdsClient(ServiceClient client);

  // Every instance (100 per page, the most AWS allows, so the fewest calls), in AWS's order.
  common::Expected<std::vector<DbInstance>, AwsError> describe_db_instances(
      const std::vector<RdsFilter>& filters = {}) const;
  common::Expected<std::vector<DbCluster>, AwsError> describe_db_clusters(
      const std::vector<RdsFilter>& filters = {}) const;

  const ServiceClient& service_client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
