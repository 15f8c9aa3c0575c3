#include "app/aws_check.h"

#include "aws/credentials/access_key_mask.h"

#include <fmt/format.h>

#include <chrono>

namespace rds_exporter::app {
namespace {

void print_row(std::FILE* out, std::string_view what, std::string_view result) {
  fmt::print(out, "{:<26} {}\n", what, result);
}

}  // namespace

int run_aws_check(aws::AwsSession& session, std::FILE* out) {
  bool all_good = true;
  const auto failed = [&](std::string_view what, const aws::AwsError& error) {
    print_row(out, what, fmt::format("FAILED: {}", error.describe()));
    all_good = false;
  };

  print_row(out, "region", fmt::format("{} ({})", session.region().region, session.region().source));
  for (const aws::AwsService* service : {&aws::kRdsService, &aws::kCloudWatchService, &aws::kStsService}) {
    auto endpoint = session.endpoints().resolve(*service, session.region().region);
    print_row(out, fmt::format("endpoint {}", service->config_key),
              endpoint ? fmt::format("{} ({})", endpoint->base_url, endpoint->source) : endpoint.error());
  }

  auto credentials = session.credentials().credentials();
  if (!credentials) {
    print_row(out, "credentials", fmt::format("FAILED: {}", credentials.error().message));
    return 1;
  }
  print_row(
      out, "credentials",
      fmt::format("{}, access key {}{}", session.credentials().name(),
                  aws::mask_access_key_id(credentials->access_key_id), credentials->expiration ? ", temporary" : ""));

  if (auto identity = session.sts().get_caller_identity(session.credentials())) {
    print_row(out, "identity", fmt::format("{} (account {})", identity->arn, identity->account));
  } else {
    failed("identity", identity.error());
  }

  auto instances = session.rds().describe_db_instances();
  if (instances) {
    print_row(out, "rds:DescribeDBInstances", fmt::format("ok: {} instances", instances->size()));
  } else {
    failed("rds:DescribeDBInstances", instances.error());
  }
  if (auto clusters = session.rds().describe_db_clusters()) {
    print_row(out, "rds:DescribeDBClusters", fmt::format("ok: {} clusters", clusters->size()));
  } else {
    failed("rds:DescribeDBClusters", clusters.error());
  }

  // One metric for one instance (or for a made-up one in an empty region: the permission check is the same).
  const std::string instance = instances && !instances->empty() ? instances->front().identifier : "rds-exporter-check";
  const auto end = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now());
  aws::GetMetricDataInput input{
      {{"cpu", "AWS/RDS", "CPUUtilization", {{"DBInstanceIdentifier", instance}}, 60, "Average"}},
      end - std::chrono::minutes(10),
      end};
  if (auto answer = session.cloudwatch().get_metric_data(input)) {
    const std::size_t points = answer->results.empty() ? 0 : answer->results.front().values.size();
    print_row(out, "cloudwatch:GetMetricData",
              fmt::format("ok: {} CPUUtilization datapoints for {} in the last 10 minutes", points, instance));
  } else {
    failed("cloudwatch:GetMetricData", answer.error());
  }
  return all_good ? 0 : 1;
}

}  // namespace rds_exporter::app
