#include "aws/credentials/process_provider.h"

#include "aws/credentials/credentials_json.h"
#include "aws/credentials/shell_words.h"
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
ProcessProvider::ProcessProvider(std::string command_line, common::Environment environment, ChildProcessLimits limits)
    : command_line_(std::move(command_line)), environment_(std::move(environment)), limits_(limits) {}

CredentialsResult ProcessProvider::credentials() {
  const auto argv = split_shell_words(command_line_);
  if (!argv) return common::Unexpected{credentials_failed("credential_process " + argv.error())};
  if (argv->empty()) return common::Unexpected{credentials_failed("credential_process is empty")};
  const std::string program = argv->front();
  logging::logger("credentials")->debug("running credential_process {}", program);

  const auto finished = run_child_process(*argv, environment_, limits_);
  if (!finished)
    return common::Unexpected{credentials_failed(fmt::format("credential_process {}: {}", program, finished.error()))};
  if (!finished->exited) {
    return common::Unexpected{
        credentials_failed(fmt::format("credential_process {} was killed by signal {}", program, finished->signal))};
  }
  if (finished->exit_status != 0) {
    return common::Unexpected{
        credentials_failed(fmt::format("credential_process {} exited with status {}", program, finished->exit_status))};
  }

  return read_process_output(finished->standard_output, program);
}

CredentialsResult read_process_output(std::string_view output, std::string_view program) {
  const auto document = parse_json_document(output);
  if (!document) {
    return common::Unexpected{
        credentials_failed(fmt::format("credential_process {}: its output is {}", program, document.error()))};
  }
  try {
    const JsonElement root(*document, "");
    const auto version = root.member("Version");
    if (!version || version->to_double() != 1) {
      return common::Unexpected{credentials_failed(
          fmt::format("credential_process {} printed no \"Version\": 1, the only version there is", program))};
    }
    return read_credentials_members(root, "SessionToken");
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{
        credentials_failed(fmt::format("credential_process {} printed unusable JSON: {}", program, error.what()))};
  }
}

}  // namespace rds_exporter::aws
