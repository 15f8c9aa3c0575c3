#include "sim/logs/os_metrics_document.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/common/iso8601.h"
#include "sim/common/split_mix64.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace rds_exporter::sim::logs {
namespace {

using Json = nlohmann::ordered_json;

double round2(double value) { return std::round(value * 100.0) / 100.0; }

// The values of one document: hashed from the instance's DbiResourceId, each member's name and the time.
class Sampler {
 public:
  Sampler(std::string_view resource_id, std::int64_t time)
      : key_(cloudwatch::Fnv1a().add(resource_id).value()), time_(time) {}

  // In [0, 1): noise of its own for every member and time.
  double noise(std::string_view name) const {
    return unit(split_mix64(member_key(name) ^ split_mix64(static_cast<std::uint64_t>(time_))));
  }

  // In [low, high]: a wave of 20 to 60 minutes with its own phase per member, plus noise.
  double smooth(std::string_view name, double low, double high) const {
    const std::uint64_t key = member_key(name);
    const double period = 1200.0 + static_cast<double>(key % 2400);
    const double wave = std::sin(2.0 * std::numbers::pi * (static_cast<double>(time_) / period + unit(key)));
    const double level = std::clamp(0.5 + 0.35 * wave + 0.3 * (noise(name) - 0.5), 0.0, 1.0);
    return low + (high - low) * level;
  }

  // In [low, high], the same at every time: what does not change while the instance runs (process ids).
  std::int64_t fixed(std::string_view name, std::int64_t low, std::int64_t high) const {
    return low + static_cast<std::int64_t>(member_key(name) % static_cast<std::uint64_t>(high - low + 1));
  }

  std::int64_t whole(std::string_view name, double low, double high) const {
    return std::llround(smooth(name, low, high));
  }
  double hundredths(std::string_view name, double low, double high) const { return round2(smooth(name, low, high)); }

 private:
  std::uint64_t member_key(std::string_view name) const {
    return split_mix64(key_ ^ cloudwatch::Fnv1a().add(name).value());
  }
  static double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

  std::uint64_t key_;
  std::int64_t time_;
};

// vCPUs and memory of a "db.<family>.<size>" class, close to EC2's: 2 vCPUs for micro to large, 4 per xlarge;
// 8 GiB a vCPU for memory-optimised families (r, x: 16, z), 4 for m, 2 for c; t classes by size.
struct ClassSize {
  int vcpus = 2;
  std::int64_t memory_kb = 8LL << 20;
};

ClassSize class_size(std::string_view instance_class) {
  const auto first = instance_class.find('.');
  const auto second = instance_class.find('.', first + 1);
  const std::string_view family =
      first == std::string_view::npos ? "" : instance_class.substr(first + 1, second - first - 1);
  const std::string_view size = second == std::string_view::npos ? "large" : instance_class.substr(second + 1);
  ClassSize out;
  if (size.ends_with("xlarge")) {
    const std::string_view count = size.substr(0, size.size() - 6);
    out.vcpus = 4 * (count.empty() ? 1 : std::max(1, std::atoi(std::string(count).c_str())));
  }
  const char kind = family.empty() ? 'r' : family.front();
  std::int64_t gib_per_vcpu = kind == 'x' ? 16 : kind == 'm' ? 4 : kind == 'c' ? 2 : 8;
  if (kind == 't') {
    gib_per_vcpu = 0;
    out.memory_kb = size == "micro"    ? 1LL << 20
                    : size == "small"  ? 2LL << 20
                    : size == "medium" ? 4LL << 20
                                       : 8LL << 20;
  }
  if (gib_per_vcpu > 0) out.memory_kb = out.vcpus * gib_per_vcpu << 20;
  return out;
}

// "329 days, 05:59:09", as Linux's uptime.
std::string uptime(std::int64_t seconds) {
  seconds = std::max<std::int64_t>(seconds, 0);
  const std::int64_t days = seconds / 86400;
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02lld:%02lld:%02lld", static_cast<long long>(seconds / 3600 % 24),
                static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  if (days == 0) return clock;
  return std::to_string(days) + (days == 1 ? " day, " : " days, ") + clock;
}

Json header(const DbInstance& instance, std::int64_t time, int vcpus) {
  const std::int64_t created = instance.create_time.time_since_epoch().count();
  return {{"engine", os_metrics_engine(instance.engine)},
          {"instanceID", instance.identifier},
          {"instanceResourceID", instance.dbi_resource_id},
          {"timestamp", iso8601(std::chrono::sys_seconds(std::chrono::seconds(time)))},
          {"version", 1},
          {"uptime", uptime(time - created)},
          {"numVCPUs", vcpus}};
}

// The busy share of the CPUs in percent, which the load, the processes and the disks follow.
double busy_percent(const Sampler& s) { return s.smooth("cpu", 3.0, 85.0); }

Json linux_cpu(const Sampler& s, double busy) {
  // Shares of the busy time per mode; idle takes the rest, so the modes add up to 100.
  const double weights[] = {0.62 + 0.1 * s.noise("user"), 0.22 + 0.05 * s.noise("system"), 0.08 * s.noise("wait"),
                            0.01 * s.noise("irq"),        0.02 * s.noise("nice"),          0.03 * s.noise("steal")};
  double weight_sum = 0;
  for (const double weight : weights) weight_sum += weight;
  double parts[6];
  double used = 0;
  for (int i = 0; i < 6; ++i) {
    parts[i] = round2(busy * weights[i] / weight_sum);
    used += parts[i];
  }
  const double idle = round2(100.0 - used);
  return {{"guest", 0.0},
          {"idle", idle},
          {"irq", parts[3]},
          {"nice", parts[4]},
          {"steal", parts[5]},
          {"system", parts[1]},
          {"total", round2(100.0 - idle)},
          {"user", parts[0]},
          {"wait", parts[2]}};
}

Json linux_memory(const Sampler& s, std::int64_t total) {
  const auto share = [&](std::string_view name, double low, double high) {
    return static_cast<std::int64_t>(static_cast<double>(total) * s.smooth(name, low, high));
  };
  const std::int64_t free = share("memory.free", 0.03, 0.25);
  const std::int64_t in_use = total - free;
  return {{"active", in_use * 6 / 10},
          {"buffers", share("memory.buffers", 0.005, 0.02)},
          {"cached", share("memory.cached", 0.2, 0.4)},
          {"dirty", share("memory.dirty", 0.0, 0.002)},
          {"free", free},
          {"hugePagesFree", 0},
          {"hugePagesRsvd", 0},
          {"hugePagesSize", 2048},
          {"hugePagesSurp", 0},
          {"hugePagesTotal", 0},
          {"inactive", in_use / 4},
          {"mapped", share("memory.mapped", 0.01, 0.05)},
          {"pageTables", share("memory.pageTables", 0.002, 0.01)},
          {"slab", share("memory.slab", 0.01, 0.03)},
          {"total", total},
          {"writeback", 0}};
}

Json linux_tasks(const Sampler& s) {
  const std::int64_t blocked = s.whole("tasks.blocked", 0, 2);
  const std::int64_t running = s.whole("tasks.running", 1, 6);
  const std::int64_t sleeping = s.whole("tasks.sleeping", 180, 420);
  return {{"blocked", blocked},
          {"running", running},
          {"sleeping", sleeping},
          {"stopped", 0},
          {"total", blocked + running + sleeping},
          {"zombie", 0}};
}

Json linux_swap(const Sampler& s) {
  constexpr std::int64_t kTotal = 4194300;
  return {{"cached", s.whole("swap.cached", 0, 2000)},
          {"free", kTotal - s.whole("swap.used", 0, 20000)},
          {"in", s.hundredths("swap.in", 0, 5)},
          {"out", s.hundredths("swap.out", 0, 5)},
          {"total", kTotal}};
}

// A block device's iostat-like figures over the sampling interval; `scale` sizes its traffic.
Json classic_disk(const Sampler& s, std::string_view device, double scale, std::int64_t interval) {
  const std::string key(device);
  const double reads = s.hundredths(key + ".readIOsPS", 0, 300 * scale);
  const double writes = s.hundredths(key + ".writeIOsPS", 1, 500 * scale);
  const double read_kb = round2(reads * s.smooth(key + ".readSize", 8, 64));
  const double write_kb = round2(writes * s.smooth(key + ".writeSize", 8, 32));
  const double tps = round2(reads + writes);
  const double await = s.hundredths(key + ".await", 0.3, 5);
  return {{"device", device},
          {"avgQueueLen", round2(tps * await / 1000.0)},
          {"avgReqSz", tps > 0 ? round2((read_kb + write_kb) / tps) : 0.0},
          {"await", await},
          {"readIOsPS", reads},
          {"readKb", std::llround(read_kb * static_cast<double>(interval))},
          {"readKbPS", read_kb},
          {"rrqmPS", s.hundredths(key + ".rrqmPS", 0, 2)},
          {"tps", tps},
          {"util", std::min(100.0, round2(tps * await / 10.0))},
          {"writeIOsPS", writes},
          {"writeKb", std::llround(write_kb * static_cast<double>(interval))},
          {"writeKbPS", write_kb},
          {"wrqmPS", s.hundredths(key + ".wrqmPS", 0, 20)}};
}

// Aurora's shared cluster volume, which has no device name.
Json aurora_storage(const Sampler& s) {
  return {{"readLatency", s.hundredths("aurora.readLatency", 0.3, 3)},
          {"writeLatency", s.hundredths("aurora.writeLatency", 0.5, 5)},
          {"writeThroughput", s.whole("aurora.writeThroughput", 1e4, 5e7)},
          {"readThroughput", s.whole("aurora.readThroughput", 0, 5e7)},
          {"readIOsPS", s.hundredths("aurora.readIOsPS", 0, 1000)},
          {"diskQueueDepth", s.whole("aurora.diskQueueDepth", 0, 8)},
          {"writeIOsPS", s.hundredths("aurora.writeIOsPS", 1, 2000)}};
}

Json file_system(const Sampler& s, std::string_view name, std::string_view mount_point, std::int64_t total_kb,
                 double low, double high) {
  const std::string key(name);
  const auto used = static_cast<std::int64_t>(static_cast<double>(total_kb) * s.smooth(key + ".used", low, high));
  const std::int64_t max_files = std::max<std::int64_t>(total_kb / 16, 65536);
  const std::int64_t used_files = s.whole(key + ".usedFiles", 200, 5000);
  return {{"maxFiles", max_files},
          {"mountPoint", mount_point},
          {"name", name},
          {"total", total_kb},
          {"used", used},
          {"usedFilePercent", round2(100.0 * static_cast<double>(used_files) / static_cast<double>(max_files))},
          {"usedFiles", used_files},
          {"usedPercent", round2(100.0 * static_cast<double>(used) / static_cast<double>(total_kb))}};
}

// The engine's own processes (the first with no virtual memory limit), then the two aggregates AWS adds.
Json linux_processes(const Sampler& s, std::string_view engine_process, double busy, std::int64_t memory_kb) {
  Json list = Json::array();
  const std::int64_t main_id = s.fixed("process.id", 1000, 30000);
  const auto process = [&](std::string_view name, std::int64_t id, std::int64_t parent, std::int64_t tgid,
                           double cpu_share, double memory_pc, Json vmlimit) {
    const auto rss = static_cast<std::int64_t>(static_cast<double>(memory_kb) * memory_pc / 100.0);
    list.push_back({{"cpuUsedPc", round2(busy * cpu_share)},
                    {"id", id},
                    {"memoryUsedPc", round2(memory_pc)},
                    {"name", name},
                    {"parentID", parent},
                    {"rss", rss},
                    {"tgid", tgid},
                    {"vmlimit", std::move(vmlimit)},
                    {"vss", rss * 2 + 1048576}});
  };
  process(engine_process, main_id, 1, main_id, 0.45 * (0.8 + 0.4 * s.noise("p0")), s.smooth("p0.memory", 40, 70),
          "unlimited");
  for (int worker = 1; worker <= 5; ++worker) {
    const std::string key = "p" + std::to_string(worker);
    process(engine_process, main_id + worker * 7, main_id, main_id, 0.08 * s.noise(key),
            s.smooth(key + ".memory", 0.1, 2), 0);
  }
  process("OS processes", 0, 0, 0, 0.04 * s.noise("os"), s.smooth("os.memory", 0.5, 2), 0);
  process("RDS processes", 0, 0, 0, 0.03 * s.noise("rds"), s.smooth("rds.memory", 1, 4), 0);
  return list;
}

std::string_view engine_process(std::string_view engine) {
  if (engine == "aurora-mysql" || engine == "aurora") return "aurora";
  if (engine.starts_with("postgres") || engine == "aurora-postgresql") return "postgres";
  if (engine.find("oracle") != std::string_view::npos) return "oracle";
  if (engine.starts_with("db2")) return "db2sysc";
  return "mysqld";
}

Json linux_document(const DbInstance& instance, std::int64_t time, OsSchema schema) {
  const Sampler s(instance.dbi_resource_id, time);
  const ClassSize size = class_size(instance.instance_class);
  const double busy = busy_percent(s);
  const std::int64_t interval = std::max(instance.monitoring_interval, 1);
  Json doc = header(instance, time, size.vcpus);
  doc["cpuUtilization"] = linux_cpu(s, busy);
  const double load = busy / 100.0 * size.vcpus;
  doc["loadAverageMinute"] = {{"fifteen", round2(load * s.smooth("load.fifteen", 0.8, 1.0))},
                              {"five", round2(load * s.smooth("load.five", 0.85, 1.1))},
                              {"one", round2(load * s.smooth("load.one", 0.7, 1.3))}};
  doc["memory"] = linux_memory(s, size.memory_kb);
  doc["tasks"] = linux_tasks(s);
  doc["swap"] = linux_swap(s);
  doc["network"] = Json::array({{{"interface", "eth0"},
                                 {"rx", s.hundredths("network.rx", 1e4, 5e7)},
                                 {"tx", s.hundredths("network.tx", 1e4, 5e7)}}});
  const std::int64_t data_kb = std::int64_t{std::max(instance.allocated_storage, 1)} << 20;
  if (schema == OsSchema::kAurora) {
    doc["diskIO"] = Json::array({aurora_storage(s), classic_disk(s, "rdstemp", 0.2, interval)});
    doc["fileSys"] = Json::array({file_system(s, "rdsfilesys", "/rdsdbdata", size.memory_kb * 2, 0.02, 0.2)});
  } else {
    doc["diskIO"] =
        Json::array({classic_disk(s, "rdsdev", 1.0, interval), classic_disk(s, "filesystem", 0.1, interval)});
    doc["physicalDeviceIO"] = Json::array({classic_disk(s, "nvme1n1", 1.0, interval)});
    doc["fileSys"] = Json::array({file_system(s, "rdsfilesys", "/rdsdbdata", data_kb, 0.1, 0.8),
                                  file_system(s, "rootfilesys", "/", 10LL << 20, 0.3, 0.5)});
  }
  doc["processList"] = linux_processes(s, engine_process(instance.engine), busy, size.memory_kb);
  return doc;
}

Json windows_memory(const Sampler& s, std::int64_t total) {
  const auto share = [&](std::string_view name, double low, double high) {
    return static_cast<std::int64_t>(static_cast<double>(total) * s.smooth(name, low, high));
  };
  const std::int64_t available = share("memory.physAvail", 0.08, 0.3);
  const std::int64_t commit_limit = total + total / 4;
  const std::int64_t committed = std::min(commit_limit, (total - available) * 11 / 10);
  const std::int64_t kernel = share("memory.kernTot", 0.02, 0.05);
  const std::int64_t paged = kernel * 7 / 10;
  return {{"commitTotKb", committed},
          {"commitLimitKb", commit_limit},
          {"commitPeakKb", std::min(commit_limit, committed + committed / 20)},
          {"kernTotKb", kernel},
          {"kernPagedKb", paged},
          {"kernNonpagedKb", kernel - paged},
          {"pageSize", 4096},
          {"physTotKb", total},
          {"physAvailKb", available},
          {"sqlServerTotKb", std::min(total - available, share("memory.sqlServerTot", 0.55, 0.7))},
          {"sysCacheKb", share("memory.sysCache", 0.01, 0.03)}};
}

Json windows_disk(const Sampler& s, std::string_view name, std::int64_t total_kb, double low, double high,
                  double scale) {
  const std::string key(name);
  const auto used = static_cast<std::int64_t>(static_cast<double>(total_kb) * s.smooth(key + ".used", low, high));
  const double used_pc = round2(100.0 * static_cast<double>(used) / static_cast<double>(total_kb));
  const double reads = s.hundredths(key + ".rdCountPS", 0, 300 * scale);
  const double writes = s.hundredths(key + ".wrCountPS", 1, 500 * scale);
  return {{"name", name},
          {"totalKb", total_kb},
          {"usedKb", used},
          {"usedPc", used_pc},
          {"availKb", total_kb - used},
          {"availPc", round2(100.0 - used_pc)},
          {"rdCountPS", reads},
          {"rdBytesPS", round2(reads * s.smooth(key + ".readSize", 8192, 65536))},
          {"wrCountPS", writes},
          {"wrBytesPS", round2(writes * s.smooth(key + ".writeSize", 8192, 32768))}};
}

// sqlservr.exe and two of its threads, the SQL Server Agent, two Windows services, and the aggregates of the OS's
// and of RDS's own processes, which have no process id.
Json windows_processes(const Sampler& s, double busy, std::int64_t memory_kb) {
  Json list = Json::array();
  const std::int64_t sql_pid = s.fixed("process.id", 1000, 9000);
  const auto process = [&](std::string_view name, std::optional<std::int64_t> pid, std::int64_t ppid,
                           std::optional<std::int64_t> tid, double cpu_share, double memory_pc) {
    const auto working_set = static_cast<std::int64_t>(static_cast<double>(memory_kb) * memory_pc / 100.0);
    Json entry = {{"name", name}};
    if (pid) entry["pid"] = *pid;
    entry["ppid"] = ppid;
    if (tid) entry["tid"] = *tid;
    entry["cpuUsedPc"] = round2(busy * cpu_share);
    entry["memUsedPc"] = round2(memory_pc);
    entry["workingSetKb"] = working_set;
    entry["workingSetPrivKb"] = working_set * 9 / 10;
    entry["workingSetShareableKb"] = working_set - working_set * 9 / 10;
    entry["virtKb"] = working_set * 3 + 2097152;
    list.push_back(std::move(entry));
  };
  process("sqlservr.exe", sql_pid, 600, std::nullopt, 0.6 * (0.8 + 0.4 * s.noise("p0")), s.smooth("p0.memory", 55, 70));
  process("sqlservr.exe", sql_pid, 600, sql_pid + 4, 0.15 * s.noise("t1"), 0.0);
  process("sqlservr.exe", sql_pid, 600, sql_pid + 8, 0.1 * s.noise("t2"), 0.0);
  process("SQLAGENT.EXE", sql_pid + 112, 600, std::nullopt, 0.01 * s.noise("agent"),
          s.smooth("agent.memory", 0.1, 0.3));
  process("svchost.exe", 1020, 600, std::nullopt, 0.01 * s.noise("svchost"), s.smooth("svchost.memory", 0.1, 0.5));
  process("lsass.exe", 640, 500, std::nullopt, 0.005 * s.noise("lsass"), s.smooth("lsass.memory", 0.05, 0.2));
  process("OS processes", std::nullopt, 0, std::nullopt, 0.05 * s.noise("os"), s.smooth("os.memory", 1, 3));
  process("RDS processes", std::nullopt, 0, std::nullopt, 0.03 * s.noise("rds"), s.smooth("rds.memory", 1, 4));
  return list;
}

Json windows_document(const DbInstance& instance, std::int64_t time) {
  const Sampler s(instance.dbi_resource_id, time);
  const ClassSize size = class_size(instance.instance_class);
  const double busy = busy_percent(s);
  Json doc = header(instance, time, size.vcpus);
  const double kernel = round2(busy * s.smooth("cpu.kern", 0.2, 0.35));
  const double user = round2(busy - kernel);
  doc["cpuUtilization"] = {{"idle", round2(100.0 - kernel - user)}, {"kern", kernel}, {"user", user}};
  doc["memory"] = windows_memory(s, size.memory_kb);
  doc["system"] = {{"handles", s.whole("system.handles", 20000, 40000)},
                   {"processes", s.whole("system.processes", 60, 80)},
                   {"threads", s.whole("system.threads", 1200, 2000)}};
  const std::int64_t data_kb = std::int64_t{std::max(instance.allocated_storage, 20)} << 20;
  doc["disks"] =
      Json::array({windows_disk(s, "C:", 30LL << 20, 0.5, 0.7, 0.1), windows_disk(s, "D:", data_kb, 0.1, 0.8, 1.0)});
  doc["network"] = Json::array({{{"interface", "Amazon Elastic Network Adapter"},
                                 {"rdBytesPS", s.hundredths("network.rx", 1e4, 5e7)},
                                 {"wrBytesPS", s.hundredths("network.tx", 1e4, 5e7)}}});
  doc["processList"] = windows_processes(s, busy, size.memory_kb);
  return doc;
}

}  // namespace

OsSchema os_schema(std::string_view engine) {
  if (engine.starts_with("aurora")) return OsSchema::kAurora;
  if (engine.find("sqlserver") != std::string_view::npos) return OsSchema::kWindows;
  return OsSchema::kLinux;
}

std::string_view os_metrics_engine(std::string_view engine) {
  if (engine == "aurora-mysql" || engine == "aurora") return "Aurora";
  if (engine == "aurora-postgresql") return "aurora-postgresql";
  if (engine.find("sqlserver") != std::string_view::npos) return "SQLSERVER";
  if (engine.starts_with("postgres")) return "POSTGRES";
  if (engine.starts_with("mariadb")) return "MARIADB";
  if (engine.find("oracle") != std::string_view::npos) return "ORACLE";
  if (engine.starts_with("db2")) return "DB2";
  return "MYSQL";
}

std::string os_metrics_document(const DbInstance& instance, std::int64_t timestamp) {
  const OsSchema schema = os_schema(instance.engine);
  const Json doc = schema == OsSchema::kWindows ? windows_document(instance, timestamp)
                                                : linux_document(instance, timestamp, schema);
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rds_exporter::sim::logs
