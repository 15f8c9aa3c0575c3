// `rds_exporter --check-aws` as an operator runs it before deploying, at debug level, against rds_sim: it must
// prove access, name each permission the policy lacks, and never print a secret key, a session token or a bearer
// token, whatever the source.
#include "aws_test_home.h"
#include "rds_sim_process.h"
#include "subprocess.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rds_exporter::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kExporterBinary = RDS_EXPORTER_BINARY;
const std::filesystem::path kShippedConfig = RDS_EXPORTER_CONFIG_DIR;

// Variables the test process may carry that would give the exporter credentials or settings of the host;
// empty counts as unset.
const std::vector<std::string> kHostAwsVariables{"AWS_PROFILE",
                                                 "AWS_DEFAULT_PROFILE",
                                                 "AWS_REGION",
                                                 "AWS_DEFAULT_REGION",
                                                 "AWS_CONFIG_FILE",
                                                 "AWS_SHARED_CREDENTIALS_FILE",
                                                 "AWS_ACCESS_KEY_ID",
                                                 "AWS_SECRET_ACCESS_KEY",
                                                 "AWS_SESSION_TOKEN",
                                                 "AWS_SECURITY_TOKEN",
                                                 "AWS_WEB_IDENTITY_TOKEN_FILE",
                                                 "AWS_ROLE_ARN",
                                                 "AWS_ROLE_SESSION_NAME",
                                                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                                 "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                                                 "AWS_EC2_METADATA_SERVICE_ENDPOINT"};

class AwsCheckSecrets : public AwsSimTest {
 protected:
  ProcessResult check_aws(const std::map<std::string, std::string>& credentials) const {
    std::map<std::string, std::string> environment;
    for (const auto& name : kHostAwsVariables) environment[name] = "";
    environment["HOME"] = home_.path().string();
    environment["AWS_EC2_METADATA_DISABLED"] = "true";
    environment["RUN_MODE"] = "development";
    environment["APP_AWS_REGION"] = "ap-northeast-2";
    environment["APP_AWS_ENDPOINT_URL"] = sim_->base_url();
    for (const auto& [name, value] : credentials) environment[name] = value;
    return run(kExporterBinary, {"--check-aws", "--log-level", "debug", "--config-dir", kShippedConfig.string()},
               environment);
  }

  static void expect_access_proven(const ProcessResult& result, const std::string& identity_arn) {
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, ContainsRegex("identity +" + identity_arn + " \\(account 123456789012\\)"));
    EXPECT_THAT(result.out, ContainsRegex("rds:DescribeDBInstances +ok: 4 instances"));
    EXPECT_THAT(result.out, ContainsRegex("rds:DescribeDBClusters +ok: 1 clusters"));
    EXPECT_THAT(result.out, ContainsRegex("cloudwatch:GetMetricData +ok"));
    EXPECT_THAT(result.out, ContainsRegex("pi:ListAvailableResourceMetrics +ok: [0-9]+ counters for payments-db-prd"));
    EXPECT_THAT(result.out, ContainsRegex("pi:GetResourceMetrics +ok: [0-9]+ db.load datapoints for payments-db-prd"));
    EXPECT_THAT(result.out, Not(HasSubstr("FAILED")));
  }

  static void expect_never_printed(const ProcessResult& result, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
      EXPECT_THAT(result.out, Not(HasSubstr(secret))) << "stdout shows a secret";
      EXPECT_THAT(result.err, Not(HasSubstr(secret))) << "stderr shows a secret";
    }
  }

  static std::string output_of(const ProcessResult& result) {
    return "exit code " + std::to_string(result.exit_code) + "\n--- stdout\n" + result.out + "--- stderr\n" +
           result.err;
  }

  TempHome home_;
};

TEST_F(AwsCheckSecrets, SessionKeysFromTheEnvironment) {
  const auto result = check_aws({{"AWS_ACCESS_KEY_ID", "ASIARDSSIMEXPORTER01"},
                                 {"AWS_SECRET_ACCESS_KEY", "rdssimExporterSessionSecretKey000000001"},
                                 {"AWS_SESSION_TOKEN", "rdssim-session-token-valid"}});
  SCOPED_TRACE(output_of(result));
  expect_access_proven(result, "arn:aws:sts::123456789012:assumed-role/rds-exporter/rds-exporter-sts");
  expect_never_printed(result, {"rdssimExporterSessionSecretKey000000001", "rdssim-session-token-valid"});
}

TEST_F(AwsCheckSecrets, WebIdentityTokenFile) {
  const auto token_file = home_.write("token/web-identity", "rdssim-web-identity-token\n");
  const auto result = check_aws({{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file.string()},
                                 {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/rds-exporter-role"},
                                 {"AWS_ROLE_SESSION_NAME", "check-aws"}});
  SCOPED_TRACE(output_of(result));
  expect_access_proven(result, "arn:aws:sts::123456789012:assumed-role/rds-exporter-role/check-aws");
  expect_never_printed(result, {"rdssim-web-identity-token"});
}

TEST_F(AwsCheckSecrets, SsoProfile) {
  home_.write(".aws/config",
              "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = rds-exporter-role\n"
              "[sso-session corp]\nsso_start_url = https://rdssim.awsapps.com/start\nsso_region = ap-northeast-2\n");
  // sha1("corp"), the file `aws sso login --sso-session corp` writes.
  home_.write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
              R"({"startUrl": "https://rdssim.awsapps.com/start", "region": "ap-northeast-2", )"
              R"("accessToken": "rdssim-sso-access-token", "expiresAt": "2099-01-01T00:00:00Z", )"
              R"("clientId": "rdssim-client-id", "clientSecret": "rdssim-client-secret", )"
              R"("registrationExpiresAt": "2099-01-01T00:00:00Z", "refreshToken": "rdssim-refresh-token"})");
  const auto result = check_aws({{"AWS_PROFILE", "sso"}});
  SCOPED_TRACE(output_of(result));
  expect_access_proven(result, "arn:aws:sts::123456789012:assumed-role/rds-exporter-role/rdssim-sso-user");
  expect_never_printed(result, {"rdssim-sso-access-token", "rdssim-client-secret", "rdssim-refresh-token"});
}

// A policy without the pi: actions passes every other check; the two it lacks are named, and the check fails.
TEST_F(AwsCheckSecrets, APolicyWithoutPerformanceInsightsActionsFails) {
  const auto result = check_aws({{"AWS_ACCESS_KEY_ID", "AKIARDSSIMEXPORTNOPI"},
                                 {"AWS_SECRET_ACCESS_KEY", "rdssimExporterNoPiSecretKey0000000000001"}});
  SCOPED_TRACE(output_of(result));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, ContainsRegex("cloudwatch:GetMetricData +ok"));
  // Up to the request id, which differs at every run.
  for (const std::string action : {"ListAvailableResourceMetrics", "GetResourceMetrics"}) {
    EXPECT_THAT(result.out,
                HasSubstr(fmt::format("\n{0:<37} FAILED: NotAuthorizedException (HTTP 400): User: "
                                      "arn:aws:iam::123456789012:user/rds-exporter-no-pi is not authorized to perform: "
                                      "{0} on resource: arn:aws:pi:ap-northeast-2:123456789012:metrics/rds/"
                                      "db-TG4D2G3O7M75FTYMTGU6PVCFNR because no identity-based policy allows the {0} "
                                      "action [request id ",
                                      "pi:" + action)));
  }
  expect_never_printed(result, {"rdssimExporterNoPiSecretKey0000000000001"});
}

// With Performance Insights turned off the exporter never calls it, so a policy without its actions is enough.
TEST_F(AwsCheckSecrets, WithPerformanceInsightsOffItsActionsAreNotChecked) {
  const auto result = check_aws({{"AWS_ACCESS_KEY_ID", "AKIARDSSIMEXPORTNOPI"},
                                 {"AWS_SECRET_ACCESS_KEY", "rdssimExporterNoPiSecretKey0000000000001"},
                                 {"APP_PERFORMANCE_INSIGHTS_ENABLED", "false"}});
  SCOPED_TRACE(output_of(result));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("\npi:ListAvailableResourceMetrics       not checked: performance_insights.enabled "
                                    "is false\npi:GetResourceMetrics                 not checked: "
                                    "performance_insights.enabled is false\n"));
  const nlohmann::json pi_stats =
      sim_->stats().value("requests", nlohmann::json::object()).value("pi", nlohmann::json::object());
  int pi_requests = 0;
  for (const auto& [operation, outcomes] : pi_stats.items()) {
    for (const auto& [outcome, count] : outcomes.items()) pi_requests += count.get<int>();
  }
  EXPECT_EQ(pi_requests, 0) << "Performance Insights was called";
}

}  // namespace
}  // namespace rds_exporter::testing
