#include "subprocess.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace rds_exporter::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> result;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string variable(*entry);
    if (variable.starts_with("APP_") || variable.starts_with("RUN_MODE=")) continue;
    const std::string name = variable.substr(0, variable.find('='));
    if (extra_env.count(name) == 0) result.push_back(variable);
  }
  for (const auto& [name, value] : extra_env) result.push_back(name + "=" + value);
  return result;
}

}  // namespace

std::filesystem::path make_temp_dir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

Subprocess::Subprocess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& extra_env,
                       const std::optional<std::filesystem::path>& working_dir) {
  const auto dir = make_temp_dir("rds-exporter-proc");
  out_file_ = dir / "stdout";
  err_file_ = dir / "stderr";

  std::vector<std::string> argv_storage{binary.string()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  auto env_storage = child_environment(extra_env);
  std::vector<char*> envp;
  for (auto& variable : env_storage) envp.push_back(variable.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (working_dir) posix_spawn_file_actions_addchdir_np(&actions, working_dir->c_str());
  const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary.string());
}

Subprocess::~Subprocess() {
  if (running()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::filesystem::remove_all(out_file_.parent_path());
}

void Subprocess::send_signal(int signal) const { kill(pid_, signal); }

bool Subprocess::running() {
  if (status_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = status;
    return false;
  }
  return true;
}

std::string Subprocess::err_so_far() const { return read_file(err_file_); }

std::string Subprocess::out_so_far() const { return read_file(out_file_); }

ProcessResult Subprocess::wait(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (running() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ProcessResult result;
  if (running()) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    status_ = status;
  } else if (WIFEXITED(*status_)) {
    result.exit_code = WEXITSTATUS(*status_);
  }
  result.out = read_file(out_file_);
  result.err = read_file(err_file_);
  return result;
}

ProcessResult run(const std::filesystem::path& binary, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& extra_env,
                  const std::optional<std::filesystem::path>& working_dir) {
  Subprocess process(binary, args, extra_env, working_dir);
  return process.wait(std::chrono::seconds(30));
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace rds_exporter::testing
