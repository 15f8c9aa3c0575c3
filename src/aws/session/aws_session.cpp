#include "aws/session/aws_session.h"

#include "aws/credentials/default_chain.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/profile_selection.h"
#include "aws/credentials/shared_config_files.h"
#include "aws/endpoints/partition.h"
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

// The calls a scope makes from its first cycles on: discovery, CloudWatch, and Performance Insights and
// Enhanced Monitoring's CloudWatch Logs when they are on. The credential calls (STS, SSO) depend on the source that answers, so their series appear with them.
std::vector<AwsOperation> known_operations(const config::Settings& settings) {
  const std::string rds(kRdsService.endpoint_prefix);
  std::vector<AwsOperation> operations{{rds, "DescribeDBInstances"},
                                       {rds, "DescribeDBClusters"},
                                       {std::string(kCloudWatchService.endpoint_prefix), "GetMetricData"}};
  if (settings.inventory.enabled) {
    for (const char* operation :
         {"DescribePendingMaintenanceActions", "DescribeAccountAttributes", "DescribeEvents",
          "DescribeDBMajorEngineVersions", "DescribeDBParameters", "DescribeDBClusterParameters",
          "DescribeEngineDefaultParameters"}) {
      operations.push_back({rds, operation});
    }
  }
  if (settings.performance_insights.enabled) {
    const std::string pi(kPerformanceInsightsService.endpoint_prefix);
    operations.push_back({pi, "GetResourceMetrics"});
    operations.push_back({pi, "ListAvailableResourceMetrics"});
  }
  if (settings.enhanced_monitoring.enabled) {
    operations.push_back({std::string(kCloudWatchLogsService.endpoint_prefix), "FilterLogEvents"});
  }
  return operations;
}

}  // namespace

std::string organizations_region_for(std::string_view home_region) {
  const std::string_view partition = partition_of(home_region).name;
  if (partition == "aws-us-gov") return "us-gov-west-1";
  if (partition == "aws-cn") return "cn-northwest-1";
  return "us-east-1";
}

common::Expected<std::unique_ptr<AwsSession>, std::string> AwsSession::create(const config::Settings& settings,
                                                                              const common::Environment& environment,
                                                                              std::string user_agent,
                                                                              std::stop_token stop) {
  const TransportSettings transport = transport_settings(settings, environment);
  auto session = create(settings, environment, std::move(user_agent), std::make_unique<CurlTransport>(transport), stop);
  if (!session) return session;
  // Every scope's service gets a pool of its own; the base calls (credentials, Organizations) keep the first.
  (*session)->make_transport_ = [transport, stop] {
    return std::shared_ptr<HttpTransport>(stopping_transport(std::make_unique<CurlTransport>(transport), stop));
  };
  return session;
}

common::Expected<std::unique_ptr<AwsSession>, std::string> AwsSession::create(
    const config::Settings& settings, const common::Environment& environment, std::string user_agent,
    std::unique_ptr<HttpTransport> transport, std::stop_token stop) {
  std::unique_ptr<AwsSession> session(new AwsSession());
  session->settings_ = settings;
  // Every request of the session carries `stop`, the credential sources' own requests (IMDS, container) included.
  session->base_transport_ = std::shared_ptr<HttpTransport>(stopping_transport(std::move(transport), stop));
  session->make_transport_ = [shared = session->base_transport_] { return shared; };
  session->metrics_ = std::make_unique<AwsClientMetrics>();
  session->performance_insights_enabled_ = settings.performance_insights.enabled;
  session->user_agent_ = std::move(user_agent);
  session->stop_ = stop;

  auto files = SharedConfigFiles::load(environment);
  if (!files) return common::Unexpected{std::move(files).error()};
  const ProfileSelection profile = select_profile(environment, settings.aws.credentials_profile);
  // AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, FIPS / dual-stack and the rest, with the exporter's keys first.
  auto sdk = resolve_sdk_options(SdkOptionSources{settings, environment, *files, profile.name});
  if (!sdk) return common::Unexpected{describe_sdk_problems(sdk.error())};
  for (const auto& warning : sdk->warnings) logging::logger("aws")->warn("{}", warning);
  session->retry_policy_ = sdk->retry_policy(settings.cloudwatch.retry_delay);

  HttpTransport& transport_ref = *session->base_transport_;
  // aws.region, else the first of the regions watched (aws.regions, aws.organization.regions), else the SDKs'
  // sources: the home region signs STS and names the base calls.
  std::optional<std::string> configured_region = settings.aws.region;
  if (!configured_region && !settings.aws.regions.empty()) configured_region = settings.aws.regions.front();
  if (!configured_region && !settings.aws.organization.regions.empty()) {
    configured_region = settings.aws.organization.regions.front();
  }
  auto region =
      resolve_region(RegionSources{configured_region, environment, profile.name, files->profile_region(profile.name),
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
  // Every service of the home region must resolve: an invalid endpoint override is a configuration error.
  for (const AwsService* service :
       {&kRdsService, &kCloudWatchService, &kPerformanceInsightsService, &kCloudWatchLogsService}) {
    auto endpoint = session->endpoints_->resolve(*service, region_name);
    if (!endpoint) return common::Unexpected{endpoint.error()};
  }
  auto sts_endpoint = session->endpoints_->resolve(kStsService, region_name);
  if (!sts_endpoint) return common::Unexpected{sts_endpoint.error()};
  const std::string organizations_region = organizations_region_for(region_name);
  auto organizations_endpoint = session->endpoints_->resolve(kOrganizationsService, organizations_region);
  if (!organizations_endpoint) return common::Unexpected{organizations_endpoint.error()};

  // The base calls: labelled with the home region and no account.
  const ClientContext context = session->context_for({"", region_name});
  const RetryPolicy& retry_policy = session->retry_policy_;
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
      .transport = *session->base_transport_,
      .role_assumer = *session->sts_,
      .sso_portal = *session->sso_portal_,
      .refresh_observer = [metrics, labels = context.scope_labels](std::string_view provider, bool success) {
        metrics->record_credential_refresh(labels, provider, success);
      },
  });
  session->organizations_ = std::make_unique<OrganizationsClient>(ServiceClient(
      context, ServiceClientOptions{kOrganizationsService, organizations_region,
                                    std::move(organizations_endpoint).value(), session->credentials_, retry_policy}));
  return session;
}

ClientContext AwsSession::context_for(const ScopeLabels& labels) const {
  ClientContext context;
  context.transport = base_transport_.get();
  context.metrics = metrics_.get();
  context.scope_labels = labels;
  context.user_agent = user_agent_;
  context.stop = stop_;
  return context;
}

common::Expected<std::unique_ptr<ScopeClients>, std::string> AwsSession::open_scope(const ScopeSpec& spec,
                                                                                    std::function<bool()> admitted) {
  std::unique_ptr<ScopeClients> scope(new ScopeClients());
  scope->spec_ = spec;
  const std::string& region = spec.id.region;
  auto rds_endpoint = endpoints_->resolve(kRdsService, region);
  auto cloudwatch_endpoint = endpoints_->resolve(kCloudWatchService, region);
  auto pi_endpoint = endpoints_->resolve(kPerformanceInsightsService, region);
  auto logs_endpoint = endpoints_->resolve(kCloudWatchLogsService, region);
  for (const auto* endpoint : {&rds_endpoint, &cloudwatch_endpoint, &pi_endpoint, &logs_endpoint}) {
    if (!*endpoint) return common::Unexpected{endpoint->error()};
  }

  scope->credentials_ = spec.role_arn ? role_credentials(spec) : credentials_;
  metrics_->add_scope(spec.id, known_operations(settings_));

  const RetryPolicy& retry_policy = retry_policy_;
  // One transport (connection pool) and one rate limiter per service: a hung Performance Insights call holds
  // neither CloudWatch's connections nor its tokens.
  auto client_for = [&](const AwsService& service, Endpoint endpoint, double rate_limit) {
    ClientContext context = context_for(spec.id);
    context.admitted = admitted;
    scope->transports_.push_back(make_transport_());
    context.transport = scope->transports_.back().get();
    return ServiceClient(context, ServiceClientOptions{service, region, std::move(endpoint), scope->credentials_,
                                                       retry_policy, std::make_shared<RetryQuota>(),
                                                       rate_limiter_for(rate_limit)});
  };
  scope->rds_ = std::make_unique<RdsClient>(
      client_for(kRdsService, std::move(rds_endpoint).value(), settings_.aws.rate_limit.rds));
  scope->cloudwatch_ = std::make_unique<CloudWatchClient>(
      client_for(kCloudWatchService, std::move(cloudwatch_endpoint).value(), settings_.aws.rate_limit.cloudwatch));
  scope->pi_ = std::make_unique<PiClient>(
      client_for(kPerformanceInsightsService, std::move(pi_endpoint).value(), settings_.aws.rate_limit.pi));
  scope->logs_ = std::make_unique<LogsClient>(
      client_for(kCloudWatchLogsService, std::move(logs_endpoint).value(), settings_.aws.rate_limit.logs));
  return scope;
}

std::shared_ptr<CredentialsProvider> AwsSession::role_credentials(const ScopeSpec& spec) {
  const std::string session_name = spec.session_name.value_or(settings_.aws.assume_role_session_name);
  const std::string key = *spec.role_arn + '\n' + spec.external_id.value_or("") + '\n' + session_name;
  const std::lock_guard lock(roles_mutex_);
  auto& provider = role_credentials_[key];
  if (!provider) {
    // One role session per account, shared by its regions: AssumeRole is called in the home region.
    AssumeRoleSettings role;
    role.role_arn = *spec.role_arn;
    role.session_name = session_name;
    role.external_id = spec.external_id;
    role.source_description = "the base credentials";
    provider = make_assumed_role_credentials(
        credentials_, std::move(role), *sts_,
        [metrics = metrics_.get(), labels = ScopeLabels{spec.id.account_id, region_.region}](std::string_view name,
                                                                                            bool success) {
          metrics->record_credential_refresh(labels, name, success);
        });
  }
  return provider;
}

std::shared_ptr<CredentialsProvider> AwsSession::assumed_role_credentials(const std::string& role_arn) {
  return role_credentials(ScopeSpec{{"", region_.region}, role_arn, std::nullopt, std::nullopt});
}

ScopeClients& AwsSession::home() {
  const std::lock_guard lock(home_mutex_);
  if (!home_) {
    auto opened = open_scope(ScopeSpec{{"", region_.region}, std::nullopt, std::nullopt, std::nullopt});
    // The home region's endpoints were resolved once already for STS; a failure here is a programming error.
    if (!opened) throw std::runtime_error(opened.error());
    home_ = std::move(opened).value();
  }
  return *home_;
}

}  // namespace rds_exporter::aws
