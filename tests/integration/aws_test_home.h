#pragma once

#include "aws/session/aws_session.h"
#include "common/environment.h"
#include "config/settings.h"
#include "rds_sim_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace rds_exporter::testing {

// A fresh HOME for one test, holding the AWS files a user would have written there, removed afterwards.
class TempHome {
 public:
  TempHome();
  ~TempHome();
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes HOME/relative_path (directories included) and answers its full path.
  std::filesystem::path write(const std::string& relative_path, const std::string& content) const;
  // The same, executable by its owner: a credential_process program.
  std::filesystem::path write_executable(const std::string& relative_path, const std::string& content) const;

  // Built from scratch, never from the test process's: HOME and AWS_EC2_METADATA_DISABLED=true, so that
  // only what a test adds can give credentials.
  common::Environment environment() const;

 private:
  std::filesystem::path path_;
};

// Region ap-northeast-2 (rds_sim's), every service at `endpoint_url`, retries quick and no client-side rate
// limit.
config::Settings sim_settings(const std::string& endpoint_url);

// AwsSession::create, with its error message as the exception's text.
std::unique_ptr<aws::AwsSession> create_session(const config::Settings& settings,
                                                const common::Environment& environment);

// One rds_sim per test suite, serving tests/integration/fleets/aws_credentials.yaml, with its counters and
// faults cleared before each test.
class AwsSimTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kFleetInstances = 4;

  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  static std::unique_ptr<RdsSimProcess> sim_;
};

}  // namespace rds_exporter::testing
