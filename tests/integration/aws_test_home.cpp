#include "aws_test_home.h"

#include "subprocess.h"

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace rds_exporter::testing {

TempHome::TempHome() : path_(make_temp_dir("rds-exporter-home")) {}

TempHome::~TempHome() { std::filesystem::remove_all(path_); }

std::filesystem::path TempHome::write(const std::string& relative_path, const std::string& content) const {
  const std::filesystem::path file = path_ / relative_path;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
  return file;
}

std::filesystem::path TempHome::write_executable(const std::string& relative_path, const std::string& content) const {
  const std::filesystem::path file = write(relative_path, content);
  std::filesystem::permissions(file, std::filesystem::perms::owner_all);
  return file;
}

common::Environment TempHome::environment() const {
  return {{"HOME", path_.string()}, {"AWS_EC2_METADATA_DISABLED", "true"}};
}

config::Settings sim_settings(const std::string& endpoint_url) {
  config::Settings settings;
  settings.aws.region = "ap-northeast-2";
  settings.aws.endpoint_url = endpoint_url;
  settings.aws.rate_limit.rds = 0;
  settings.aws.rate_limit.cloudwatch = 0;
  settings.cloudwatch.retry_delay = std::chrono::milliseconds(1);
  return settings;
}

std::unique_ptr<aws::AwsSession> create_session(const config::Settings& settings,
                                                const common::Environment& environment) {
  auto session = aws::AwsSession::create(settings, environment, "rds_exporter/aws_integration_test");
  if (!session) throw std::runtime_error("AwsSession::create failed: " + session.error());
  return std::move(session).value();
}

std::unique_ptr<RdsSimProcess> AwsSimTest::sim_;

void AwsSimTest::SetUpTestSuite() { sim_ = std::make_unique<RdsSimProcess>(RDS_SIM_BINARY, AWS_CREDENTIALS_FLEET); }

void AwsSimTest::TearDownTestSuite() { sim_.reset(); }

void AwsSimTest::SetUp() {
  ASSERT_TRUE(sim_) << "rds_sim did not start: see the test suite's set-up failure";
  sim_->reset_stats();
  sim_->clear_faults();
}

}  // namespace rds_exporter::testing
