#pragma once

#include "aws/client/aws_client_metrics.h"
#include "aws/client/service_client.h"
#include "aws/credentials/credentials_provider.h"
#include "aws/endpoints/endpoint_resolver.h"
#include "aws/endpoints/region_resolver.h"
#include "aws/services/cloudwatch_client.h"
#include "aws/services/pi_client.h"
#include "aws/services/rds_client.h"
#include "aws/services/sso_portal_client.h"
#include "aws/services/sts_client.h"
#include "aws/transport/http_transport.h"
#include "common/environment.h"
#include "common/expected.h"
#include "config/settings.h"

#include <memory>
#include <stop_token>
#include <string>

namespace rds_exporter::aws {

// Everything the exporter needs to talk to AWS in one region, built once from the configuration and
// the environment: the transport, the region and endpoints, the credential chain (with the optional
// cross-account role on top), and the typed clients sharing them. Credentials are looked for at the
// first call, not here, so that a process can start (and serve /health) while they are missing.
class AwsSession {
 public:
  // Fails, with a message meant for the user, when the region cannot be determined, an endpoint
  // override is invalid, or the shared config files cannot be read.
  // Once `stop` is requested every call of the session's clients, credential fetches included (STS, SSO,
  // container, instance metadata), ends promptly with ErrorKind::cancelled.
  static common::Expected<std::unique_ptr<AwsSession>, std::string> create(const config::Settings& settings,
                                                                           const common::Environment& environment,
                                                                           std::string user_agent,
                                                                           std::stop_token stop = {});

  // For tests and tools: the same with a transport of their own.
  static common::Expected<std::unique_ptr<AwsSession>, std::string> create(const config::Settings& settings,
                                                                           const common::Environment& environment,
                                                                           std::string user_agent,
                                                                           std::unique_ptr<HttpTransport> transport,
                                                                           std::stop_token stop = {});

  const RegionChoice& region() const { return region_; }
  const EndpointResolver& endpoints() const { return *endpoints_; }
  CredentialsProvider& credentials() { return *credentials_; }
  RdsClient& rds() { return *rds_; }
  CloudWatchClient& cloudwatch() { return *cloudwatch_; }
  PiClient& pi() { return *pi_; }
  // performance_insights.enabled: whether the exporter calls Performance Insights at all.
  bool performance_insights_enabled() const { return performance_insights_enabled_; }
  StsClient& sts() { return *sts_; }
  AwsClientMetrics& metrics() { return *metrics_; }

 private:
  AwsSession() = default;

  RegionChoice region_;
  std::unique_ptr<HttpTransport> transport_;
  std::unique_ptr<AwsClientMetrics> metrics_;
  std::unique_ptr<EndpointResolver> endpoints_;
  std::unique_ptr<StsClient> sts_;
  std::unique_ptr<SsoPortalClient> sso_portal_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::unique_ptr<RdsClient> rds_;
  std::unique_ptr<CloudWatchClient> cloudwatch_;
  std::unique_ptr<PiClient> pi_;
  bool performance_insights_enabled_ = true;
};

}  // namespace rds_exporter::aws
