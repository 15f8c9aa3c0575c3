#include "exposition/process_metrics.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace rds_exporter::exposition {
namespace {

struct StatFields {
  double user_ticks;
  double system_ticks;
  double start_ticks_after_boot;
  double virtual_memory_bytes;
  double resident_pages;
};

// A /proc file whole. With open(2) and read(2) rather than an ifstream: every scrape reads these, and a stream's
// buffer and locale cost more than the file.
std::optional<std::string> read_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

std::optional<double> parse_number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return static_cast<double>(value);
}

// /proc/<pid>/stat, see proc(5). The command name sits in parentheses and may itself contain spaces
// and parentheses, so fields are counted from the last ')'.
std::optional<StatFields> parse_stat(std::string_view stat) {
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::istringstream fields{std::string(stat.substr(close + 1))};
  std::vector<std::string> tokens{std::istream_iterator<std::string>(fields), {}};
  // tokens[0] is field 3 (state) in proc(5)'s numbering.
  auto field = [&](std::size_t number) -> std::optional<double> {
    if (number - 3 >= tokens.size()) return std::nullopt;
    return parse_number(tokens[number - 3]);
  };
  const auto utime = field(14), stime = field(15), starttime = field(22), vsize = field(23), rss = field(24);
  if (!utime || !stime || !starttime || !vsize || !rss) return std::nullopt;
  return StatFields{*utime, *stime, *starttime, *vsize, *rss};
}

// The "btime" line of /proc/stat: boot time in seconds since the epoch.
std::optional<double> parse_boot_time(std::string_view stat) {
  std::istringstream lines{std::string(stat)};
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("btime ")) return parse_number(std::string_view(line).substr(6));
  }
  return std::nullopt;
}

// The soft limit of one row of /proc/<pid>/limits. "unlimited" becomes the largest uint64, as the
// official Go client reports it.
std::optional<double> parse_soft_limit(std::string_view limits, std::string_view row_name) {
  std::istringstream lines{std::string(limits)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(row_name)) continue;
    std::istringstream columns(line.substr(row_name.size()));
    std::string soft;
    columns >> soft;
    if (soft == "unlimited") return static_cast<double>(std::numeric_limits<std::uint64_t>::max());
    return parse_number(soft);
  }
  return std::nullopt;
}

// The machine's boot time never changes while it runs, and /proc/stat is the costliest file a scrape would read
// (the kernel writes every CPU's and every interrupt's counters into it): read once per proc root.
std::optional<double> boot_time_of(const std::filesystem::path& proc_root) {
  static std::mutex mutex;
  static std::map<std::string, double, std::less<>> known;
  {
    const std::lock_guard lock(mutex);
    if (const auto found = known.find(proc_root.native()); found != known.end()) return found->second;
  }
  std::optional<double> boot_time;
  if (const auto text = read_file(proc_root / "stat")) boot_time = parse_boot_time(*text);
  if (boot_time) {
    const std::lock_guard lock(mutex);
    known.emplace(proc_root.native(), *boot_time);
  }
  return boot_time;
}

// The entries of /proc/self/fd but "." and "..", read with readdir(3): a directory_iterator makes a path of each.
std::optional<double> count_open_fds(const std::filesystem::path& fd_dir) {
  DIR* directory = ::opendir(fd_dir.c_str());
  if (directory == nullptr) return std::nullopt;
  double count = 0;
  while (const dirent* entry = ::readdir(directory)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") ++count;
  }
  ::closedir(directory);
  return count;
}

void add(std::vector<MetricFamily>& families, std::string name, std::string help, MetricType type,
         std::optional<double> value) {
  if (!value) return;
  families.push_back({std::move(name), std::move(help), type, {{{}, *value, std::nullopt}}});
}

}  // namespace

std::vector<MetricFamily> process_metrics(const std::filesystem::path& proc_root) {
  const auto self = proc_root / "self";
  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));

  std::optional<StatFields> stat;
  if (const auto text = read_file(self / "stat")) stat = parse_stat(*text);
  const std::optional<double> boot_time = boot_time_of(proc_root);
  std::optional<double> max_fds, max_virtual_memory;
  if (const auto text = read_file(self / "limits")) {
    max_fds = parse_soft_limit(*text, "Max open files");
    max_virtual_memory = parse_soft_limit(*text, "Max address space");
  }

  std::vector<MetricFamily> families;
  families.reserve(7);
  add(families, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType::counter,
      stat ? std::optional((stat->user_ticks + stat->system_ticks) / ticks_per_second) : std::nullopt);
  add(families, "process_open_fds", "Number of open file descriptors.", MetricType::gauge,
      count_open_fds(self / "fd"));
  add(families, "process_max_fds", "Maximum number of open file descriptors.", MetricType::gauge, max_fds);
  add(families, "process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::gauge,
      stat ? std::optional(stat->virtual_memory_bytes) : std::nullopt);
  add(families, "process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.",
      MetricType::gauge, max_virtual_memory);
  add(families, "process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::gauge,
      stat ? std::optional(stat->resident_pages * page_size) : std::nullopt);
  add(families, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
      MetricType::gauge,
      stat && boot_time ? std::optional(*boot_time + stat->start_ticks_after_boot / ticks_per_second)
                        : std::nullopt);
  return families;
}

}  // namespace rds_exporter::exposition
