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
PromtoolResult promtool_check_metrics(const std::string& body) {
  std::string report_path = (std::filesystem::temp_directory_path() / "promtool-report-XXXXXX").string();
  const int report_fd = mkstemp(report_path.data());
  if (report_fd < 0) return {};
  close(report_fd);
  PromtoolResult result;
  const std::string command = "promtool check metrics > '" + report_path + "' 2>&1";
  if (FILE* pipe = popen(command.c_str(), "w")) {
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

}  // namespace rds_exporter::testing
