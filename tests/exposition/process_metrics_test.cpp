#include "exposition/process_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <string>

namespace rds_exporter::exposition {
namespace {

using ::testing::UnorderedElementsAre;

std::map<std::string, const MetricFamily*> by_name(const std::vector<MetricFamily>& families) {
  std::map<std::string, const MetricFamily*> result;
  for (const auto& family : families) result[family.name] = &family;
  return result;
}

double value_of(const std::map<std::string, const MetricFamily*>& families, const std::string& name) {
  const auto found = families.find(name);
  if (found == families.end()) ADD_FAILURE() << name << " missing";
  if (found == families.end() || found->second->samples.size() != 1) return std::nan("");
  return found->second->samples.front().value;
}

std::vector<std::string> names_of(const std::vector<MetricFamily>& families) {
  std::vector<std::string> names;
  for (const auto& family : families) names.push_back(family.name);
  return names;
}

TEST(ProcessMetrics, ReportsTheOfficialClientFamiliesFromRealProc) {
  const auto families = process_metrics();
  EXPECT_THAT(names_of(families),
              UnorderedElementsAre("process_cpu_seconds_total", "process_open_fds", "process_max_fds",
                                   "process_virtual_memory_bytes", "process_virtual_memory_max_bytes",
                                   "process_resident_memory_bytes", "process_start_time_seconds"));
  for (const auto& family : families) {
    EXPECT_FALSE(family.help.empty()) << family.name;
    EXPECT_EQ(family.type, family.name.ends_with("_total") ? MetricType::counter : MetricType::gauge) << family.name;
  }
}

TEST(ProcessMetrics, RealValuesAreSane) {
  const auto families = process_metrics();
  const auto named = by_name(families);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GE(value_of(named, "process_cpu_seconds_total"), 0);
  EXPECT_GE(value_of(named, "process_open_fds"), 3);
  EXPECT_GE(value_of(named, "process_max_fds"), value_of(named, "process_open_fds"));
  EXPECT_GT(value_of(named, "process_resident_memory_bytes"), 0);
  EXPECT_GE(value_of(named, "process_virtual_memory_bytes"), value_of(named, "process_resident_memory_bytes"));
  EXPECT_GT(value_of(named, "process_virtual_memory_max_bytes"), 0);
  const double start = value_of(named, "process_start_time_seconds");
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 24 * 3600);
}

TEST(ProcessMetrics, OmitsEverythingWhenProcIsMissing) {
  EXPECT_THAT(process_metrics("/nonexistent-proc-root"), ::testing::IsEmpty());
}

// A hand-made proc tree pins down parsing: field positions, the command name's parentheses,
// soft limits and "unlimited".
class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "fake-proc-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    std::filesystem::create_directories(root_ / "self" / "fd");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void write(const std::filesystem::path& relative, const std::string& content) {
    std::ofstream(root_ / relative) << content;
  }

  std::filesystem::path root_;
};

TEST_F(FakeProc, ParsesStatLimitsFdsAndBootTime) {
  // Fields 14/15 (utime/stime) = 250/150 ticks, 22 (starttime) = 1000 ticks, 23 (vsize), 24 (rss pages).
  write("self/stat",
        "4242 (rds (exp) orter) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 9 0 1000 "
        "123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 0 0 0\n");
  write("stat", "cpu  1 2 3 4\nbtime 1700000000\nprocesses 5\n");
  write("self/limits",
        "Limit                     Soft Limit           Hard Limit           Units     \n"
        "Max cpu time              unlimited            unlimited            seconds   \n"
        "Max open files            1024                 524288               files     \n"
        "Max address space         unlimited            unlimited            bytes     \n");
  for (const char* fd : {"0", "1", "2", "7"}) write(std::filesystem::path("self/fd") / fd, "");

  const auto families = process_metrics(root_);
  const auto named = by_name(families);
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  EXPECT_DOUBLE_EQ(value_of(named, "process_cpu_seconds_total"), 400 / ticks);
  EXPECT_EQ(value_of(named, "process_open_fds"), 4);
  EXPECT_EQ(value_of(named, "process_max_fds"), 1024);
  EXPECT_EQ(value_of(named, "process_virtual_memory_bytes"), 123456789);
  EXPECT_EQ(value_of(named, "process_virtual_memory_max_bytes"),
            static_cast<double>(std::numeric_limits<std::uint64_t>::max()));
  EXPECT_EQ(value_of(named, "process_resident_memory_bytes"), 2048 * static_cast<double>(sysconf(_SC_PAGESIZE)));
  EXPECT_DOUBLE_EQ(value_of(named, "process_start_time_seconds"), 1700000000 + 1000 / ticks);
}

TEST_F(FakeProc, OmitsOnlyTheFamiliesWhoseSourceIsUnreadable) {
  write("self/limits", "Max open files            1024                 524288               files     \n");
  write("self/stat", "garbage without the closing parenthesis");
  EXPECT_THAT(names_of(process_metrics(root_)), UnorderedElementsAre("process_open_fds", "process_max_fds"));
}

// /proc/stat is read once: the boot time cannot change, and the file is the costliest of a scrape's reads.
TEST_F(FakeProc, ReadsTheBootTimeOnce) {
  write("self/stat",
        "1 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 0 100 10 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  write("stat", "btime 1700000000\n");
  EXPECT_EQ(value_of(by_name(process_metrics(root_)), "process_start_time_seconds"), 1700000000);
  write("stat", "btime 1800000000\n");
  EXPECT_EQ(value_of(by_name(process_metrics(root_)), "process_start_time_seconds"), 1700000000);
}

TEST_F(FakeProc, StartTimeNeedsBootTime) {
  write("self/stat",
        "1 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 100 10 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  const auto names = names_of(process_metrics(root_));
  EXPECT_THAT(names, ::testing::Contains("process_cpu_seconds_total"));
  EXPECT_THAT(names, ::testing::Not(::testing::Contains("process_start_time_seconds")));
}

}  // namespace
}  // namespace rds_exporter::exposition
