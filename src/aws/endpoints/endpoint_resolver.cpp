#include "aws/endpoints/endpoint_resolver.h"

#include "aws/endpoints/partition.h"
#include "aws/transport/plain_http_policy.h"
#include "aws/transport/url.h"
#include "common/text.h"

#include <fmt/format.h>

namespace rds_exporter::aws {
namespace {

struct Candidate {
  std::string url;
  std::string source;
};

std::optional<Candidate> override_for(const EndpointOptions& options, const AwsService& service) {
  if (options.configured_url) return Candidate{*options.configured_url, "aws.endpoint_url"};
  if (common::to_lower_ascii(
          common::non_empty(options.environment, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("")) == "true") {
    return std::nullopt;
  }
  const std::string service_variable = fmt::format("AWS_ENDPOINT_URL_{}", service.environment_id);
  if (auto url = common::non_empty(options.environment, service_variable)) return Candidate{*url, service_variable};
  if (auto url = common::non_empty(options.environment, "AWS_ENDPOINT_URL")) return Candidate{*url, "AWS_ENDPOINT_URL"};
  if (options.profile_endpoint_url) {
    if (auto url = options.profile_endpoint_url(service.config_key)) {
      return Candidate{*url, fmt::format("profile {}", options.profile_name)};
    }
  }
  return std::nullopt;
}

common::Expected<Endpoint, std::string> endpoint_from(const Candidate& candidate) {
  const auto parts = parse_url(candidate.url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty()) {
    return common::Unexpected{
        fmt::format("{}: expected an http or https URL such as https://rds.eu-west-1.amazonaws.com, got '{}'",
                    candidate.source, candidate.url)};
  }
  if (parts->scheme == "http" && !plain_http_allowed(parts->host)) {
    return common::Unexpected{fmt::format(
        "{}: plain http to '{}' refused: AWS requests carry signatures and tokens, so http is allowed only for "
        "loopback addresses; use https",
        candidate.source, parts->host)};
  }
  const bool default_port = !parts->port || (parts->scheme == "http" && *parts->port == 80) ||
                            (parts->scheme == "https" && *parts->port == 443);
  const std::string host = parts->host.find(':') != std::string::npos ? fmt::format("[{}]", parts->host) : parts->host;
  std::string authority = default_port ? host : fmt::format("{}:{}", host, *parts->port);
  std::string path = parts->path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  return Endpoint{fmt::format("{}://{}{}", parts->scheme, authority, path), authority, candidate.source};
}

}  // namespace

EndpointResolver::EndpointResolver(EndpointOptions options) : options_(std::move(options)) {}

common::Expected<Endpoint, std::string> EndpointResolver::resolve(const AwsService& service,
                                                                  std::string_view region) const {
  if (auto candidate = override_for(options_, service)) return endpoint_from(*candidate);
  return endpoint_from(
      {standard_endpoint_url(service, region, options_.use_fips, options_.use_dual_stack), "standard"});
}

std::string standard_endpoint_url(const AwsService& service, std::string_view region, bool use_fips,
                                  bool use_dual_stack) {
  const Partition& partition = partition_of(region);
  return fmt::format("https://{}{}.{}.{}", service.endpoint_prefix, use_fips ? "-fips" : "", region,
                     use_dual_stack ? partition.dual_stack_dns_suffix : partition.dns_suffix);
}

}  // namespace rds_exporter::aws
