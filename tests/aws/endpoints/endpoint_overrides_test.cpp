#include "aws/endpoints/aws_service.h"
#include "aws/endpoints/endpoint_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace rds_exporter::aws {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Every override source at once, each pointing at a different loopback port so the winner is visible.
EndpointOptions all_sources() {
  EndpointOptions options;
  options.configured_url = "http://127.0.0.1:1001";
  options.environment = {{"AWS_ENDPOINT_URL_RDS", "http://127.0.0.1:1002"},
                         {"AWS_ENDPOINT_URL", "http://127.0.0.1:1003"}};
  options.profile_endpoint_url = [](std::string_view) -> std::optional<std::string> { return "http://127.0.0.1:1004"; };
  options.profile_name = "prod";
  return options;
}

Endpoint resolve_ok(const EndpointOptions& options, const AwsService& service = kRdsService,
                    std::string_view region = "eu-west-1") {
  const auto endpoint = EndpointResolver(options).resolve(service, region);
  EXPECT_TRUE(endpoint) << endpoint.error();
  return endpoint ? *endpoint : Endpoint{};
}

std::string resolve_error(const EndpointOptions& options, const AwsService& service = kRdsService) {
  const auto endpoint = EndpointResolver(options).resolve(service, "eu-west-1");
  EXPECT_FALSE(endpoint) << "resolved to " << endpoint->base_url;
  return endpoint ? "" : endpoint.error();
}

EndpointOptions from_environment(common::Environment environment) {
  EndpointOptions options;
  options.environment = std::move(environment);
  return options;
}

TEST(EndpointPrecedence, ConfiguredEndpointUrlWinsOverEverything) {
  const auto endpoint = resolve_ok(all_sources());
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1001");
  EXPECT_EQ(endpoint.source, "aws.endpoint_url");
}

TEST(EndpointPrecedence, ServiceVariableComesNext) {
  auto options = all_sources();
  options.configured_url.reset();
  const auto endpoint = resolve_ok(options);
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1002");
  EXPECT_EQ(endpoint.source, "AWS_ENDPOINT_URL_RDS");
}

TEST(EndpointPrecedence, GlobalVariableComesNext) {
  auto options = all_sources();
  options.configured_url.reset();
  options.environment.erase("AWS_ENDPOINT_URL_RDS");
  const auto endpoint = resolve_ok(options);
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1003");
  EXPECT_EQ(endpoint.source, "AWS_ENDPOINT_URL");
}

TEST(EndpointPrecedence, ProfileEndpointComesNext) {
  auto options = all_sources();
  options.configured_url.reset();
  options.environment.clear();
  const auto endpoint = resolve_ok(options);
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1004");
  EXPECT_EQ(endpoint.source, "profile prod");
}

TEST(EndpointPrecedence, StandardEndpointWhenNothingOverridesIt) {
  auto options = all_sources();
  options.configured_url.reset();
  options.environment.clear();
  options.profile_endpoint_url = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  const auto endpoint = resolve_ok(options);
  EXPECT_EQ(endpoint.base_url, "https://rds.eu-west-1.amazonaws.com");
  EXPECT_EQ(endpoint.source, "standard");
}

TEST(EndpointPrecedence, AServiceVariableAppliesOnlyToItsService) {
  auto options = all_sources();
  options.configured_url.reset();
  const auto endpoint = resolve_ok(options, kCloudWatchService);
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1003");
  EXPECT_EQ(endpoint.source, "AWS_ENDPOINT_URL");

  options.environment["AWS_ENDPOINT_URL_CLOUDWATCH"] = "http://127.0.0.1:1005";
  EXPECT_EQ(resolve_ok(options, kCloudWatchService).source, "AWS_ENDPOINT_URL_CLOUDWATCH");
  options.environment["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1006";
  EXPECT_EQ(resolve_ok(options, kStsService).base_url, "http://127.0.0.1:1006");
  options.environment["AWS_ENDPOINT_URL_SSO"] = "http://127.0.0.1:1007";
  EXPECT_EQ(resolve_ok(options, kSsoService).base_url, "http://127.0.0.1:1007");
}

TEST(EndpointPrecedence, CloudWatchLogsHasItsOwnVariableAndProfileKey) {
  EndpointOptions options;
  options.profile_name = "local";
  std::vector<std::string> asked;
  options.profile_endpoint_url = [&asked](std::string_view key) -> std::optional<std::string> {
    asked.emplace_back(key);
    if (key == "cloudwatch_logs") return "http://127.0.0.1:4568";
    return std::nullopt;
  };
  options.environment["AWS_ENDPOINT_URL_CLOUDWATCH"] = "http://127.0.0.1:1005";
  const EndpointResolver from_profile(options);
  const auto profile = from_profile.resolve(kCloudWatchLogsService, "eu-west-1");
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(profile->base_url, "http://127.0.0.1:4568");
  EXPECT_EQ(profile->source, "profile local");
  EXPECT_EQ(asked, (std::vector<std::string>{"cloudwatch_logs"}));

  options.environment["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:1008";
  const auto logs = EndpointResolver(options).resolve(kCloudWatchLogsService, "eu-west-1");
  ASSERT_TRUE(logs) << logs.error();
  EXPECT_EQ(logs->base_url, "http://127.0.0.1:1008");
  EXPECT_EQ(logs->source, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
  EXPECT_EQ(EndpointResolver(options).resolve(kCloudWatchService, "eu-west-1")->base_url, "http://127.0.0.1:1005");
}

TEST(EndpointPrecedence, EmptyVariablesCountAsUnset) {
  auto options = all_sources();
  options.configured_url.reset();
  options.environment = {{"AWS_ENDPOINT_URL_RDS", ""}, {"AWS_ENDPOINT_URL", ""}};
  EXPECT_EQ(resolve_ok(options).source, "profile prod");
}

TEST(EndpointPrecedence, AsksTheProfileForTheServicesConfigKey) {
  std::vector<std::string> asked;
  EndpointOptions options;
  options.profile_name = "local";
  options.profile_endpoint_url = [&asked](std::string_view key) -> std::optional<std::string> {
    asked.emplace_back(key);
    if (key == "cloudwatch") return "http://127.0.0.1:4567";
    return std::nullopt;
  };
  const EndpointResolver resolver(options);
  ASSERT_TRUE(resolver.resolve(kRdsService, "eu-west-1"));
  const auto cloudwatch = resolver.resolve(kCloudWatchService, "eu-west-1");
  ASSERT_TRUE(cloudwatch) << cloudwatch.error();
  EXPECT_EQ(cloudwatch->base_url, "http://127.0.0.1:4567");
  EXPECT_EQ(cloudwatch->source, "profile local");
  EXPECT_EQ(resolver.resolve(kRdsService, "eu-west-1")->source, "standard");
  EXPECT_EQ(asked, (std::vector<std::string>{"rds", "cloudwatch", "rds"}));
}

TEST(IgnoreConfiguredEndpointUrls, DropsEnvironmentAndProfileOverrides) {
  for (const std::string value : {"true", "TRUE", "True"}) {
    auto options = all_sources();
    options.configured_url.reset();
    options.environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = value;
    const auto endpoint = resolve_ok(options);
    EXPECT_EQ(endpoint.base_url, "https://rds.eu-west-1.amazonaws.com") << value;
    EXPECT_EQ(endpoint.source, "standard") << value;
  }
}

TEST(IgnoreConfiguredEndpointUrls, KeepsTheExportersOwnEndpointUrl) {
  auto options = all_sources();
  options.environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  const auto endpoint = resolve_ok(options);
  EXPECT_EQ(endpoint.base_url, "http://127.0.0.1:1001");
  EXPECT_EQ(endpoint.source, "aws.endpoint_url");
}

TEST(IgnoreConfiguredEndpointUrls, AnyOtherValueIgnoresNothing) {
  for (const std::string value : {"false", "0", ""}) {
    auto options = all_sources();
    options.configured_url.reset();
    options.environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = value;
    EXPECT_EQ(resolve_ok(options).source, "AWS_ENDPOINT_URL_RDS") << value;
  }
}

TEST(EndpointUrl, HostHeaderCarriesANonDefaultPort) {
  const auto endpoint = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "https://rds.example.com:8443"}}));
  EXPECT_EQ(endpoint.base_url, "https://rds.example.com:8443");
  EXPECT_EQ(endpoint.host_header, "rds.example.com:8443");

  const auto loopback = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566"}}));
  EXPECT_EQ(loopback.base_url, "http://127.0.0.1:4566");
  EXPECT_EQ(loopback.host_header, "127.0.0.1:4566");
}

TEST(EndpointUrl, HostHeaderOmitsTheSchemesDefaultPort) {
  const auto https = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "https://rds.example.com:443/"}}));
  EXPECT_EQ(https.base_url, "https://rds.example.com");
  EXPECT_EQ(https.host_header, "rds.example.com");

  const auto http = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "http://localhost:80"}}));
  EXPECT_EQ(http.base_url, "http://localhost");
  EXPECT_EQ(http.host_header, "localhost");
}

TEST(EndpointUrl, PortsAreDefaultOnlyForTheirOwnScheme) {
  const auto endpoint = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "https://rds.example.com:80"}}));
  EXPECT_EQ(endpoint.host_header, "rds.example.com:80");
  const auto http = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "http://127.0.0.1:443"}}));
  EXPECT_EQ(http.host_header, "127.0.0.1:443");
}

TEST(EndpointUrl, Ipv6LoopbackKeepsItsBrackets) {
  const auto endpoint = resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "http://[::1]:4566/"}}));
  EXPECT_EQ(endpoint.base_url, "http://[::1]:4566");
  EXPECT_EQ(endpoint.host_header, "[::1]:4566");
}

TEST(EndpointUrl, TrimsTrailingSlashesAndKeepsTheBasePath) {
  const auto endpoint =
      resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "https://gateway.example.com:9443/aws/rds//"}}));
  EXPECT_EQ(endpoint.base_url, "https://gateway.example.com:9443/aws/rds");
  EXPECT_EQ(endpoint.host_header, "gateway.example.com:9443");

  EXPECT_EQ(resolve_ok(from_environment({{"AWS_ENDPOINT_URL", "https://rds.example.com/"}})).base_url,
            "https://rds.example.com");
}

TEST(EndpointUrl, RefusesPlainHttpToAHostOtherThanLoopback) {
  const std::string error =
      resolve_error(from_environment({{"AWS_ENDPOINT_URL_RDS", "http://rds-proxy.example.com:8080"}}));
  EXPECT_THAT(error, AllOf(HasSubstr("AWS_ENDPOINT_URL_RDS"), HasSubstr("rds-proxy.example.com"), HasSubstr("http")));

  EndpointOptions profile;
  profile.profile_name = "staging";
  profile.profile_endpoint_url = [](std::string_view) -> std::optional<std::string> {
    return "http://192.0.2.10:4566";
  };
  EXPECT_THAT(resolve_error(profile), AllOf(HasSubstr("profile staging"), HasSubstr("192.0.2.10")));

  EndpointOptions configured;
  configured.configured_url = "http://rds.example.com";
  EXPECT_THAT(resolve_error(configured), AllOf(HasSubstr("aws.endpoint_url"), HasSubstr("rds.example.com")));
}

TEST(EndpointUrl, AllowsPlainHttpToLoopback) {
  for (const std::string url :
       {"http://127.0.0.1:4566", "http://localhost:4566", "http://127.0.0.53", "http://[::1]"}) {
    const auto endpoint = EndpointResolver(from_environment({{"AWS_ENDPOINT_URL", url}})).resolve(kRdsService, "x");
    EXPECT_TRUE(endpoint) << url << ": " << endpoint.error();
  }
}

TEST(EndpointUrl, RefusesMalformedUrlsNamingTheSourceAndTheValue) {
  for (const std::string url :
       {"rds.eu-west-1.amazonaws.com", "ftp://rds.example.com", "https://", "https://rds.example.com:99999",
        "https://rds.example.com:port", "https://[::1", "://rds.example.com"}) {
    const std::string error = resolve_error(from_environment({{"AWS_ENDPOINT_URL_RDS", url}}));
    EXPECT_THAT(error, AllOf(HasSubstr("AWS_ENDPOINT_URL_RDS"), HasSubstr("'" + url + "'"))) << url;
  }
}

}  // namespace
}  // namespace rds_exporter::aws
