#include "aws/session/aws_session.h"

#include "aws/credentials/default_chain.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/profile_selection.h"
#include "aws/credentials/shared_config_files.h"
#include "aws/session/sdk_options.h"
#include "aws/transport/curl_transport.h"
#include "aws/transport/stopping_transport.h"
#include "aws/transport/transport_settings.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

namespace rds_exporter::aws {
namespace {

std::shared_ptr<RateLimiter> rate_limiter_for(double requests_per_second) {
  return requests_per_second > 0 ? std::make_shared<RateLimiter>(requests_per_second) : nullptr;
}

TransportSettings transport_settings(const config::Settings& settings, const common::Environment& environment) {
  TransportSettings defaults;
  defaults.connect_timeout = settings.aws.connect_timeout;
  defaults.total_timeout = settings.aws.request_timeout;
  defaults.max_concurrent_requests = settings.aws.max_concurrent_requests;
  // AWS_CA_BUNDLE, else the profile's ca_bundle (a bad one fails in create() below, with the other SDK settings).
  if (auto sdk = resolve_sdk_options(settings, environment)) defaults.ca_bundle = sdk->ca_bundle.value;
  return transport_settings_from(environment, defaults);
}

// The calls the exporter makes from its first cycles on: discovery, CloudWatch, and Performance Insights when
// it is on. The credential calls (STS, SSO) depend on the source that answers, so their series appear with them.
std::vector<AwsOperation> known_operations(const config::Settings& settings) {
  const std::string rds(kRdsService.endpoint_prefix);
  std::vector<AwsOperation> operations{{rds, "DescribeDBInstances"},
                                       {rds, "DescribeDBClusters"},
                                       {std::string(kCloudWatchService.endpoint_prefix), "GetMetricData"}};
  if (settings.performance_insights.enabled) {
    const std::string pi(kPerformanceInsightsService.endpoint_prefix);
    operations.push_back({pi, "GetResourceMetrics"});
    operations.push_back({pi, "ListAvailableResourceMetrics"});
  }
  return operations;
}

}  // namespace

common::Expected<std::unique_ptr<AwsSession>, std::string> AwsSession::create(const config::Settings& settings,
                                                                              const common::Environment& environment,
                                                                              std::string user_agent,
                                                                              std::stop_token stop) {
  return create(settings, environment, std::move(user_agent),
                std::make_unique<CurlTransport>(transport_settings(settings, environment)), std::move(stop));
}

common::Expected<std::unique_ptr<AwsSession>, std::string> AwsSession::create(
    const config::Settings& settings, const common::Environment& environment, std::string user_agent,
    std::unique_ptr<HttpTransport> transport, std::stop_token stop) {
  std::unique_ptr<AwsSession> session(new AwsSession());
  // Every request of the session carries `stop`, the credential sources' own requests (IMDS, container) included.
  session->transport_ = stopping_transport(std::move(transport), stop);
  session->metrics_ = std::make_unique<AwsClientMetrics>(known_operations(settings));
  session->performance_insights_enabled_ = settings.performance_insights.enabled;

  auto files = SharedConfigFiles::load(environment);
  if (!files) return common::Unexpected{std::move(files).error()};
  const ProfileSelection profile = select_profile(environment, settings.aws.credentials_profile);
  // AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, FIPS / dual-stack and the rest, with the exporter's keys first.
  auto sdk = resolve_sdk_options(SdkOptionSources{settings, environment, *files, profile.name});
  if (!sdk) return common::Unexpected{describe_sdk_problems(sdk.error())};
  for (const auto& warning : sdk->warnings) logging::logger("aws")->warn("{}", warning);

  HttpTransport& transport_ref = *session->transport_;
  auto region =
      resolve_region(RegionSources{settings.aws.region, environment, profile.name, files->profile_region(profile.name),
                                   [&transport_ref, &environment] { return imds_region(transport_ref, environment); }});
  if (!region) return common::Unexpected{std::move(region).error()};
  session->region_ = std::move(region).value();

  const SharedConfigFiles shared_files = std::move(files).value();
  session->endpoints_ = std::make_unique<EndpointResolver>(
      EndpointOptions{settings.aws.endpoint_url, environment,
                      [shared_files, name = profile.name](std::string_view service) {
                        return shared_files.profile_endpoint_url(name, service);
                      },
                      profile.name, sdk->use_fips_endpoint.value, sdk->use_dualstack_endpoint.value});

  const std::string& region_name = session->region_.region;
  auto endpoint_of = [&](const AwsService& service) { return session->endpoints_->resolve(service, region_name); };
  auto rds_endpoint = endpoint_of(kRdsService);
  auto cloudwatch_endpoint = endpoint_of(kCloudWatchService);
  auto pi_endpoint = endpoint_of(kPerformanceInsightsService);
  auto sts_endpoint = endpoint_of(kStsService);
  for (const auto* endpoint : {&rds_endpoint, &cloudwatch_endpoint, &pi_endpoint, &sts_endpoint}) {
    if (!*endpoint) return common::Unexpected{endpoint->error()};
  }

  ClientContext context;
  context.transport = session->transport_.get();
  context.metrics = session->metrics_.get();
  context.user_agent = std::move(user_agent);
  context.stop = stop;  // reaches STS (AssumeRole, web identity) and SSO through their clients
  const RetryPolicy retry_policy = sdk->retry_policy(settings.cloudwatch.retry_delay);

  session->sts_ = std::make_unique<StsClient>(
      context, ServiceClientOptions{kStsService, region_name, std::move(sts_endpoint).value(), nullptr, retry_policy});
  session->sso_portal_ = std::make_unique<SsoPortalClient>(context, *session->endpoints_, retry_policy);

  AwsClientMetrics* metrics = session->metrics_.get();
  session->credentials_ = make_default_credentials_chain(DefaultChainOptions{
      .environment = environment,
      .profile = settings.aws.credentials_profile,
      .assume_role_arn = settings.aws.assume_role_arn,
      .assume_role_external_id = settings.aws.assume_role_external_id,
      .assume_role_session_name = settings.aws.assume_role_session_name,
      .transport = *session->transport_,
      .role_assumer = *session->sts_,
      .sso_portal = *session->sso_portal_,
      .refresh_observer = [metrics](std::string_view provider,
                                    bool success) { metrics->record_credential_refresh(provider, success); },
  });

  session->rds_ = std::make_unique<RdsClient>(
      ServiceClient(context, ServiceClientOptions{kRdsService, region_name, std::move(rds_endpoint).value(),
                                                  session->credentials_, retry_policy, std::make_shared<RetryQuota>(),
                                                  rate_limiter_for(settings.aws.rate_limit.rds)}));
  session->cloudwatch_ = std::make_unique<CloudWatchClient>(ServiceClient(
      context, ServiceClientOptions{kCloudWatchService, region_name, std::move(cloudwatch_endpoint).value(),
                                    session->credentials_, retry_policy, std::make_shared<RetryQuota>(),
                                    rate_limiter_for(settings.aws.rate_limit.cloudwatch)}));
  session->pi_ = std::make_unique<PiClient>(ServiceClient(
      context, ServiceClientOptions{kPerformanceInsightsService, region_name, std::move(pi_endpoint).value(),
                                    session->credentials_, retry_policy, std::make_shared<RetryQuota>(),
                                    rate_limiter_for(settings.aws.rate_limit.pi)}));
  return session;
}

}  // namespace rds_exporter::aws
