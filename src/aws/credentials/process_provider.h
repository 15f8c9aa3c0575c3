#pragma once

#include "aws/credentials/child_process.h"
#include "aws/credentials/credentials_provider.h"
#include "common/environment.h"

#include <string>
#include <string_view>

namespace rds_exporter::aws {

// A profile's credential_process: runs the command (split like a shell, but without one) and reads the JSON it
// prints: {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}. What it prints is
// never quoted in messages or logs; what it writes to stderr goes to ours.
class ProcessProvider final : public CredentialsProvider {
 public:
  // `environment` is the command's whole environment.
  ProcessProvider(std::string command_line, common::Environment environment, ChildProcessLimits limits = {});

  CredentialsResult credentials() override;
  std::string_view name() const override { return "process"; }

 private:
  std::string command_line_;
  common::Environment environment_;
  ChildProcessLimits limits_;
};

// What a credential_process printed, read as ProcessProvider does; `program` only names it in messages.
CredentialsResult read_process_output(std::string_view output, std::string_view program);

}  // namespace rds_exporter::aws
