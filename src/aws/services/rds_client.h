#pragma once

#include "aws/client/service_client.h"
#include "aws/services/rds_wire.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::aws {

// The RDS API calls the exporter makes, each listing walked to its last page.
class RdsClient {
 public:
  explicit RdsClient(ServiceClient client);

  // Every instance (100 per page, the most AWS allows, so the fewest calls), in AWS's order. `expected`, the
  // number the caller expects (the last listing's), sizes the list up front rather than by doubling as pages come.
  common::Expected<std::vector<DbInstance>, AwsError> describe_db_instances(const std::vector<RdsFilter>& filters = {},
                                                                            std::size_t expected = 0) const;
  common::Expected<std::vector<DbCluster>, AwsError> describe_db_clusters(
      const std::vector<RdsFilter>& filters = {}) const;

  // The inventory source's calls, each listing walked to its last page.
  common::Expected<std::vector<ResourcePendingMaintenance>, AwsError> describe_pending_maintenance_actions() const;
  common::Expected<std::vector<MajorEngineVersion>, AwsError> describe_db_major_engine_versions(
      const std::optional<std::string>& engine = std::nullopt) const;
  common::Expected<std::vector<AccountQuota>, AwsError> describe_account_attributes() const;
  common::Expected<std::vector<RdsEvent>, AwsError> describe_events(const EventsQuery& query) const;
  common::Expected<std::vector<DbParameter>, AwsError> describe_db_parameters(
      std::string_view group, const std::optional<std::string>& source = std::nullopt) const;
  common::Expected<std::vector<DbParameter>, AwsError> describe_db_cluster_parameters(
      std::string_view group, const std::optional<std::string>& source = std::nullopt) const;
  common::Expected<std::vector<DbParameter>, AwsError> describe_engine_default_parameters(
      std::string_view family) const;
  common::Expected<std::vector<DbParameter>, AwsError> describe_engine_default_cluster_parameters(
      std::string_view family) const;

  const ServiceClient& service_client() const { return client_; }

 private:
  ServiceClient client_;
};

}  // namespace rds_exporter::aws
