#pragma once

#include "common/environment.h"
#include "common/expected.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace rds_exporter::aws {

struct ChildProcessLimits {
  // The child is killed when it has not exited by then.
  std::chrono::milliseconds timeout{60000};
  // The child is killed when it prints more than this to stdout.
  std::size_t max_output_bytes = 1 << 20;
};

struct FinishedProcess {
  // Set when the process exited normally; otherwise `signal` says what killed it.
  bool exited = false;
  int exit_status = 0;
  int signal = 0;
  std::string standard_output;
};

// Runs argv[0] (found on PATH when it has no slash) with `environment` as its whole environment, stdin from
// /dev/null, stdout captured and stderr shared with ours. No shell is involved. The error ("cannot start:
// No such file or directory", "did not finish within 60 s") never quotes the output.
common::Expected<FinishedProcess, std::string> run_child_process(const std::vector<std::string>& argv,
                                                                 const common::Environment& environment,
                                                                 const ChildProcessLimits& limits);

}  // namespace rds_exporter::aws
