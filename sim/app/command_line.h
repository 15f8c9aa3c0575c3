#pragma once

#include <cstddef>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>

namespace rds_exporter::sim {

// rds_exporter's port is 9043; the simulator sits next to it.
inline constexpr std::uint16_t kDefaultSimPort = 9044;

struct SimOptions {
  std::uint16_t port = kDefaultSimPort;
  // Exactly one of the two says where the fleet comes from.
  std::optional<std::filesystem::path> fleet_file;
  std::optional<std::size_t> generate;
  // How many accounts and regions --generate spreads its instances over.
  std::size_t accounts = 1;
  std::size_t regions = 1;
  std::uint64_t seed = 0;
  std::string region;
  bool log_requests = false;
  // Caps the lifetime of every temporary credential issued (STS, SSO, IMDS, container), so that tests can
  // watch clients refresh them; unset, they last what was asked for.
  std::optional<std::chrono::seconds> credential_lifetime;
  // --time-scale: metric data (CloudWatch, Performance Insights) sees time run this many times faster than real
  // time from the start; signatures and credentials keep real time.
  std::int64_t time_scale = 1;
  // --time-backdate: data time starts this long before real time (then runs time_scale times faster).
  std::chrono::seconds time_backdate{0};
};

// The options, or the exit code when there is nothing to run: 0 after --help, 2 after a usage error (already
// printed to stderr).
std::variant<SimOptions, int> parse_command_line(int argc, const char* const* argv);

}  // namespace rds_exporter::sim
