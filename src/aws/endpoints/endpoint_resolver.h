#pragma once

#include "aws/endpoints/aws_service.h"
#include "common/environment.h"
#include "common/expected.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

struct Endpoint {
  // scheme://host[:port][/base path], without a trailing slash; request paths are appended to it.
  std::string base_url;
  // What goes in the Host header and into the signature: host, plus the port when it is not the
  // scheme's default (as every SDK and AWS's verifier compute it).
  std::string host_header;
  // Where it came from, for --check-aws and debug logs: "aws.endpoint_url", "AWS_ENDPOINT_URL_RDS",
  // "profile prod", "standard".
  std::string source;
};

struct EndpointOptions {
  // The exporter's aws.endpoint_url: one URL for every service.
  std::optional<std::string> configured_url;
  common::Environment environment;
  // The active profile's endpoint for a service (its [services] block, else its endpoint_url).
  std::function<std::optional<std::string>(std::string_view config_key)> profile_endpoint_url;
  std::string profile_name;
  bool use_fips = false;
  bool use_dual_stack = false;
};

// Where each AWS service is reached. Precedence, highest first: aws.endpoint_url;
// AWS_ENDPOINT_URL_<SERVICE>; AWS_ENDPOINT_URL; the profile's service endpoint; the profile's
// endpoint_url; the standard endpoint of the region's partition (with FIPS and dual-stack variants).
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true drops the environment and profile overrides, as in the SDKs.
class EndpointResolver {
 public:
  explicit EndpointResolver(EndpointOptions options);

  // Fails for an override that is not an http(s) URL, or plain http to a host other than loopback.
  common::Expected<Endpoint, std::string> resolve(const AwsService& service, std::string_view region) const;

 private:
  EndpointOptions options_;
};

// The standard endpoint, e.g. https://rds.eu-west-1.amazonaws.com or https://rds-fips.us-east-1.api.aws.
std::string standard_endpoint_url(const AwsService& service, std::string_view region, bool use_fips,
                                  bool use_dual_stack);

}  // namespace rds_exporter::aws
