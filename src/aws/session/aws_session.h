#pragma once

#include "aws/client/aws_client_metrics.h"
#include "aws/client/service_client.h"
#include "aws/credentials/credentials_provider.h"
#include "aws/endpoints/endpoint_resolver.h"
#include "aws/endpoints/region_resolver.h"
#include "aws/services/cloudwatch_client.h"
#include "aws/services/logs_client.h"
#include "aws/services/organizations_client.h"
#include "aws/services/pi_client.h"
#include "aws/services/rds_client.h"
#include "aws/services/sso_portal_client.h"
#include "aws/services/sts_client.h"
#include "aws/session/scope.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"
#include "config/settings.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <vector>

namespace rds_exporter::aws {

// The AWS clients of one scope (account × region). Each service has its own connection pool and its own rate
// limiter, as AWS's quotas are per account and region, so that no scope and no service can starve another.
class ScopeClients {
 public:
  const ScopeSpec& spec() const { return spec_; }
  CredentialsProvider& credentials() { return *credentials_; }
  RdsClient& rds() { return *rds_; }
  CloudWatchClient& cloudwatch() { return *cloudwatch_; }
  PiClient& pi() { return *pi_; }
  // CloudWatch Logs, for Enhanced Monitoring's OS metrics (RDSOSMetrics).
  LogsClient& logs() { return *logs_; }

 private:
  friend class AwsSession;
  ScopeClients() = default;

  ScopeSpec spec_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::vector<std::shared_ptr<HttpTransport>> transports_;
  std::unique_ptr<RdsClient> rds_;
  std::unique_ptr<CloudWatchClient> cloudwatch_;
  std::unique_ptr<PiClient> pi_;
  std::unique_ptr<LogsClient> logs_;
};

// Everything the exporter needs to talk to AWS, built once from the configuration and the environment: the
// home region and endpoints, the base credential chain (with the optional aws.assume_role_arn on top), STS and
// Organizations with those credentials, and the clients of each scope opened on them. Credentials are looked
// for at the first call, not here, so that a process can start (and serve /health) while they are missing.
// Every call made through it stops promptly once `stop` (given at creation) is requested.
class AwsSession {
 public:
  // Makes the HTTP transport of one service of one scope (or of the base calls).
  using TransportFactory = std::function<std::shared_ptr<HttpTransport>()>;

  // Fails, with a message meant for the user, when the region cannot be determined, an endpoint
  // override is invalid, or the shared config files cannot be read.
  static common::Expected<std::unique_ptr<AwsSession>, std::string> create(const config::Settings& settings,
                                                                           const common::Environment& environment,
                                                                           std::string user_agent,
                                                                           std::stop_token stop = {});

  // For tests and tools: every call through one transport of their own.
  static common::Expected<std::unique_ptr<AwsSession>, std::string> create(const config::Settings& settings,
                                                                           const common::Environment& environment,
                                                                           std::string user_agent,
                                                                           std::unique_ptr<HttpTransport> transport,
                                                                           std::stop_token stop = {});

  // The home region: aws.region, else AWS_REGION, AWS_DEFAULT_REGION, the profile's, instance metadata.
  const RegionChoice& region() const { return region_; }
  const EndpointResolver& endpoints() const { return *endpoints_; }
  CredentialsProvider& credentials() { return *credentials_; }
  StsClient& sts() { return *sts_; }
  OrganizationsClient& organizations() { return *organizations_; }
  AwsClientMetrics& metrics() { return *metrics_; }
  // performance_insights.enabled: whether the exporter calls Performance Insights at all.
  bool performance_insights_enabled() const { return performance_insights_enabled_; }
  // enhanced_monitoring.enabled: whether the exporter calls CloudWatch Logs at all.
  bool enhanced_monitoring_enabled() const { return settings_.enhanced_monitoring.enabled; }

  // The credentials of `role_arn` assumed with the base credentials in the home region (remote write's
  // sigv4.role_arn); one role session, shared with the scopes reached through the same role.
  std::shared_ptr<CredentialsProvider> assumed_role_credentials(const std::string& role_arn);

  // The clients of one scope. Fails when a service has no valid endpoint in its region.
  // `admitted`, when given, is asked before every attempt of the scope's calls (ClientContext::admitted).
  common::Expected<std::unique_ptr<ScopeClients>, std::string> open_scope(const ScopeSpec& spec,
                                                                          std::function<bool()> admitted = {});

  // The base credentials' own account in the home region, opened on first use (--check-aws, tests); its
  // metrics carry an empty account id.
  RdsClient& rds() { return home().rds(); }
  CloudWatchClient& cloudwatch() { return home().cloudwatch(); }
  PiClient& pi() { return home().pi(); }
  LogsClient& logs() { return home().logs(); }

 private:
  AwsSession() = default;
  ScopeClients& home();
  // The credentials of a scope reached through a role, shared by every scope of the same role and session.
  std::shared_ptr<CredentialsProvider> role_credentials(const ScopeSpec& spec);
  ClientContext context_for(const ScopeLabels& labels) const;

  config::Settings settings_;
  // From cloudwatch.retry_attempts, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE or the profile (sdk_options.h).
  RetryPolicy retry_policy_;
  RegionChoice region_;
  TransportFactory make_transport_;
  std::shared_ptr<HttpTransport> base_transport_;
  std::unique_ptr<AwsClientMetrics> metrics_;
  std::unique_ptr<EndpointResolver> endpoints_;
  std::string user_agent_;
  std::stop_token stop_;
  std::unique_ptr<StsClient> sts_;
  std::unique_ptr<SsoPortalClient> sso_portal_;
  std::unique_ptr<OrganizationsClient> organizations_;
  std::shared_ptr<CredentialsProvider> credentials_;
  bool performance_insights_enabled_ = true;
  std::mutex roles_mutex_;
  std::map<std::string, std::shared_ptr<CredentialsProvider>> role_credentials_;
  std::mutex home_mutex_;
  std::unique_ptr<ScopeClients> home_;
};

// The region Organizations is called in for a partition's home region: us-east-1 for aws, us-gov-west-1 for
// aws-us-gov, cn-northwest-1 for aws-cn.
std::string organizations_region_for(std::string_view home_region);

}  // namespace rds_exporter::aws
