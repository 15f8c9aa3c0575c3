#include "promtool_check.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rds_exporter::testing {

// The body goes in on stdin through popen; promtool's report lands in a file, since popen's pipe
// only runs one way.
namespace {

// Pipes `body` into `command` and returns its exit code and everything it printed.
PromtoolResult run_with_input(const std::string& command, const std::string& body) {
  std::string report_path = (std::filesystem::temp_directory_path() / "promtool-report-XXXXXX").string();
  const int report_fd = mkstemp(report_path.data());
  if (report_fd < 0) return {};
  close(report_fd);
  PromtoolResult result;
  if (FILE* pipe = popen((command + " > '" + report_path + "' 2>&1").c_str(), "w")) {
    fwrite(body.data(), 1, body.size(), pipe);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::ostringstream report;
  report << std::ifstream(report_path).rdbuf();
  result.output = report.str();
  std::filesystem::remove(report_path);
  return result;
}

}  // namespace

PromtoolResult promtool_check_metrics(const std::string& body) {
  return run_with_input("promtool check metrics", body);
}

PromtoolResult openmetrics_check(const std::string& body) {
  return run_with_input(
      "/usr/bin/python3 -c 'import sys; from prometheus_client.openmetrics import parser; "
      "print(sum(len(f.samples) for f in parser.text_string_to_metric_families(sys.stdin.read())))'",
      body);
}

}  // namespace rds_exporter::testing
