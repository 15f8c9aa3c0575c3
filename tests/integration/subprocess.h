#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed after the deadline
  std::string out;
  std::string err;
};

// Runs a real binary the way a user would, with a controlled environment: the test process's
// own APP_* and RUN_MODE variables are removed so the host cannot leak into a test.
class Subprocess {
 public:
  Subprocess(const std::filesystem::path& binary, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& extra_env = {},
             const std::optional<std::filesystem::path>& working_dir = std::nullopt);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  void send_signal(int signal) const;
  // Waits for exit; kills the process if it outlives `deadline` (so a hang fails the test, not CI).
  ProcessResult wait(std::chrono::milliseconds deadline);
  bool running();
  std::string err_so_far() const;
  std::string out_so_far() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_file_;
  std::filesystem::path err_file_;
};

ProcessResult run(const std::filesystem::path& binary, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& extra_env = {},
                  const std::optional<std::filesystem::path>& working_dir = std::nullopt);

// A loopback port that was free a moment ago.
int free_port();

std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace rds_exporter::testing
