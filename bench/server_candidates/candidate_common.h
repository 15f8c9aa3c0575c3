// Shared by the server candidates (bench/compare_servers.py; not part of the exporter's build):
// PROG --port N --body FILE.gz --plain FILE.txt. Both files are read once into memory; the program prints
// "listening on 127.0.0.1:N" once it accepts connections and stops on SIGTERM or SIGINT.
#pragma once

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace candidate {

// What every candidate answers, so that only the library differs.
constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kHealthy = "OK\n";
constexpr int kMaxConnections = 1024;
constexpr int kHeadTimeoutSeconds = 10;
constexpr int kIdleTimeoutSeconds = 60;  // the exporter's exporter.idle_timeout default
constexpr std::size_t kMaxHeadBytes = 16 * 1024;

struct Args {
  int port = 0;
  std::string gzip_body;
  std::string plain_body;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline Args parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view key = argv[i];
    if (key == "--port") args.port = std::atoi(argv[i + 1]);
    else if (key == "--body") args.gzip_body = read_file(argv[i + 1]);
    else if (key == "--plain") args.plain_body = read_file(argv[i + 1]);
    else throw std::runtime_error("unknown argument " + std::string(key));
  }
  if (args.port <= 0 || args.gzip_body.empty() || args.plain_body.empty())
    throw std::runtime_error("usage: PROG --port N --body FILE.gz --plain FILE.txt");
  return args;
}

// Accept-Encoding names gzip (a q=0 refusal is not worth parsing here: no benchmark client sends one).
inline bool wants_gzip(const char* accept_encoding) {
  return accept_encoding != nullptr && std::string_view(accept_encoding).find("gzip") != std::string_view::npos;
}

// Blocks SIGTERM and SIGINT in this thread and every thread started after it; call before starting the server.
inline sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

inline void announce(int port) {
  std::printf("listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
}

inline void wait_for_stop(const sigset_t& set) {
  int received = 0;
  sigwait(&set, &received);
}

}  // namespace candidate
