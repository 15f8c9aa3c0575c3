#include "aws/credentials/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace rds_exporter::aws {
namespace {

using Clock = std::chrono::steady_clock;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class SpawnSettings {
 public:
  SpawnSettings(int stdout_fd) {
    posix_spawn_file_actions_init(&actions_);
    posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions_, stdout_fd, STDOUT_FILENO);
    posix_spawnattr_init(&attributes_);
    // The exporter may block or ignore signals (SIGPIPE in a server); the child starts with the defaults.
    sigset_t no_signals;
    sigemptyset(&no_signals);
    posix_spawnattr_setsigmask(&attributes_, &no_signals);
    sigset_t default_signals;
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes_, &default_signals);
    posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  SpawnSettings(const SpawnSettings&) = delete;
  SpawnSettings& operator=(const SpawnSettings&) = delete;
  ~SpawnSettings() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attributes() const { return &attributes_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

// Kills and reaps the child on every early return, so that no zombie or runaway helper is left behind.
class ChildGuard {
 public:
  explicit ChildGuard(pid_t pid) : pid_(pid) {}
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  ~ChildGuard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  // Waits for the child until `deadline`; false when it is still running then.
  bool wait_until(Clock::time_point deadline, int& status) {
    while (true) {
      const pid_t result = ::waitpid(pid_, &status, WNOHANG);
      if (result == pid_) {
        pid_ = -1;
        return true;
      }
      if (result < 0 && errno != EINTR) {
        pid_ = -1;
        return true;
      }
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

 private:
  pid_t pid_;
};

std::vector<std::string> environment_entries(const common::Environment& environment) {
  std::vector<std::string> entries;
  entries.reserve(environment.size());
  for (const auto& [name, value] : environment) entries.push_back(name + "=" + value);
  return entries;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

std::string timeout_message(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) return fmt::format("did not finish within {} s", timeout.count() / 1000);
  return fmt::format("did not finish within {} ms", timeout.count());
}

}  // namespace

common::Expected<FinishedProcess, std::string> run_child_process(const std::vector<std::string>& argv,
                                                                 const common::Environment& environment,
                                                                 const ChildProcessLimits& limits) {
  if (argv.empty()) return common::Unexpected{std::string("no program to run")};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return common::Unexpected{fmt::format("cannot create a pipe: {}", std::strerror(errno))};
  FileDescriptor read_end(pipe_fds[0]);
  FileDescriptor write_end(pipe_fds[1]);

  std::vector<std::string> arguments = argv;
  std::vector<char*> argument_pointers = pointers_to(arguments);
  std::vector<std::string> entries = environment_entries(environment);
  std::vector<char*> entry_pointers = pointers_to(entries);

  pid_t pid = 0;
  {
    const SpawnSettings settings(write_end.get());
    const int error = ::posix_spawnp(&pid, argument_pointers[0], settings.actions(), settings.attributes(),
                                     argument_pointers.data(), entry_pointers.data());
    if (error != 0) return common::Unexpected{fmt::format("cannot start: {}", std::strerror(error))};
  }
  ChildGuard child(pid);
  write_end.reset();

  const Clock::time_point deadline = Clock::now() + limits.timeout;
  FinishedProcess finished;
  char buffer[4096];
  while (true) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) return common::Unexpected{timeout_message(limits.timeout)};
    pollfd poll_fd{read_end.get(), POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(remaining.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return common::Unexpected{fmt::format("cannot wait for output: {}", std::strerror(errno))};
    if (ready == 0) continue;
    const ssize_t count = ::read(read_end.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return common::Unexpected{fmt::format("cannot read output: {}", std::strerror(errno))};
    if (count == 0) break;
    finished.standard_output.append(buffer, static_cast<std::size_t>(count));
    if (finished.standard_output.size() > limits.max_output_bytes) {
      return common::Unexpected{fmt::format("printed more than {} bytes", limits.max_output_bytes)};
    }
  }

  int status = 0;
  if (!child.wait_until(deadline, status)) return common::Unexpected{timeout_message(limits.timeout)};
  if (WIFEXITED(status)) {
    finished.exited = true;
    finished.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    finished.signal = WTERMSIG(status);
  }
  return finished;
}

}  // namespace rds_exporter::aws
