#pragma once

#include <string_view>

namespace rds_exporter::aws {

// What differs between AWS services for addressing and signing them.
struct AwsService {
  // The service id as AWS_ENDPOINT_URL_<ID> spells it: "RDS", "CLOUDWATCH".
  std::string_view environment_id;
  // Its key in a shared config file's [services NAME] section: "rds", "cloudwatch".
  std::string_view config_key;
  // First label of its standard host name: rds.<region>.amazonaws.com, monitoring.<region>.amazonaws.com.
  std::string_view endpoint_prefix;
  // The service name in SigV4 credential scopes; CloudWatch signs as "monitoring".
  std::string_view signing_name;
};

inline constexpr AwsService kRdsService{"RDS", "rds", "rds", "rds"};
inline constexpr AwsService kCloudWatchService{"CLOUDWATCH", "cloudwatch", "monitoring", "monitoring"};
inline constexpr AwsService kStsService{"STS", "sts", "sts", "sts"};
// The IAM Identity Center portal; its one call the exporter makes (GetRoleCredentials) is unsigned.
inline constexpr AwsService kSsoService{"SSO", "sso", "portal.sso", "awsssoportal"};
inline constexpr AwsService kPerformanceInsightsService{"PI", "pi", "pi", "pi"};
// Global per partition: organizations.us-east-1.amazonaws.com for aws, signed for that region.
inline constexpr AwsService kOrganizationsService{"ORGANIZATIONS", "organizations", "organizations", "organizations"};
inline constexpr AwsService kCloudWatchLogsService{"CLOUDWATCH_LOGS", "cloudwatch_logs", "logs", "logs"};

}  // namespace rds_exporter::aws
