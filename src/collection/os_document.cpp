#include "collection/os_document.h"

#include "catalog/os_metric_catalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iterator>
#include <new>
#include <set>

namespace rds_exporter::collection {
namespace {

using nlohmann::json;
using Labels = std::vector<std::pair<std::string, std::string>>;

constexpr OsLabelSource kInterface[] = {{"interface", "interface"}};
constexpr OsLabelSource kDevice[] = {{"device", "device"}};
constexpr OsLabelSource kFileSystem[] = {{"name", "name"}, {"mountpoint", "mountPoint"}};
// SQL Server's disks: the file-system metrics name the volume by `name`, the I/O metrics by `device`, as the
// Linux fileSys and diskIO do.
constexpr OsLabelSource kDiskName[] = {{"name", "name"}};
constexpr OsLabelSource kDiskAsDevice[] = {{"device", "name"}};
// Linux processes carry `id`, SQL Server's `pid` (absent for the processes RDS runs).
constexpr OsLabelSource kProcess[] = {{"process", "name"}, {"pid", "id"}, {"pid", "pid"}};

constexpr auto kAsIs = OsConversion::none;
constexpr auto kKilobytes = OsConversion::kilobytes;
constexpr auto kPercent = OsConversion::percent;
constexpr auto kMilliseconds = OsConversion::milliseconds;
constexpr auto kLinux = OsSchema::linux_engines;
constexpr auto kSqlServer = OsSchema::sql_server;
constexpr auto kBoth = OsSchema::both;

// A field of an object group, or of the document itself for group "".
constexpr OsField object_field(std::string_view group, std::string_view field, std::string_view metric,
                               OsConversion conversion, OsSchema schema) {
  return {group, field, metric, conversion, OsEntries::object, {}, {}, schema};
}

constexpr OsField cpu_mode(std::string_view field, std::string_view mode, OsSchema schema) {
  return {"cpuUtilization", field, "rds_os_cpu_ratio", kPercent, OsEntries::object, {}, {"mode", mode}, schema};
}

// A field of the entries of an array group that `entries` admits, labelled from each entry.
constexpr OsField entry_field(std::string_view group, OsEntries entries, std::span<const OsLabelSource> labels,
                              std::string_view field, std::string_view metric, OsConversion conversion,
                              OsSchema schema) {
  return {group, field, metric, conversion, entries, labels, {}, schema};
}

// The iostat-like fields Linux reports per block device, in diskIO and again in physicalDeviceIO.
struct BlockDeviceField {
  std::string_view field;
  std::string_view disk_metric;
  std::string_view physical_metric;
  OsConversion conversion;
};

constexpr BlockDeviceField kBlockDeviceFields[] = {
    {"avgQueueLen", "rds_os_disk_queue_length", "rds_os_physical_disk_queue_length", kAsIs},
    {"avgReqSz", "rds_os_disk_request_size_bytes", "rds_os_physical_disk_request_size_bytes", kKilobytes},
    {"await", "rds_os_disk_await_seconds", "rds_os_physical_disk_await_seconds", kMilliseconds},
    {"readIOsPS", "rds_os_disk_reads_per_second", "rds_os_physical_disk_reads_per_second", kAsIs},
    {"readKb", "rds_os_disk_read_bytes", "rds_os_physical_disk_read_bytes", kKilobytes},
    {"readKbPS", "rds_os_disk_read_bytes_per_second", "rds_os_physical_disk_read_bytes_per_second", kKilobytes},
    {"rrqmPS", "rds_os_disk_read_merges_per_second", "rds_os_physical_disk_read_merges_per_second", kAsIs},
    {"tps", "rds_os_disk_transfers_per_second", "rds_os_physical_disk_transfers_per_second", kAsIs},
    {"util", "rds_os_disk_utilization_ratio", "rds_os_physical_disk_utilization_ratio", kPercent},
    {"writeIOsPS", "rds_os_disk_writes_per_second", "rds_os_physical_disk_writes_per_second", kAsIs},
    {"writeKb", "rds_os_disk_written_bytes", "rds_os_physical_disk_written_bytes", kKilobytes},
    {"writeKbPS", "rds_os_disk_written_bytes_per_second", "rds_os_physical_disk_written_bytes_per_second", kKilobytes},
    {"wrqmPS", "rds_os_disk_write_merges_per_second", "rds_os_physical_disk_write_merges_per_second", kAsIs},
};

std::vector<OsField> build_fields() {
  std::vector<OsField> fields = {
      object_field("", "numVCPUs", "rds_os_vcpus", kAsIs, kBoth),
      object_field("", "uptime", "rds_os_uptime_seconds", OsConversion::uptime, kBoth),
      cpu_mode("guest", "guest", kLinux),
      cpu_mode("idle", "idle", kBoth),
      cpu_mode("irq", "irq", kLinux),
      cpu_mode("nice", "nice", kLinux),
      cpu_mode("steal", "steal", kLinux),
      cpu_mode("system", "system", kLinux),
      cpu_mode("kern", "system", kSqlServer),
      cpu_mode("user", "user", kBoth),
      cpu_mode("wait", "wait", kLinux),
      object_field("cpuUtilization", "total", "rds_os_cpu_utilization_ratio", kPercent, kLinux),
      object_field("loadAverageMinute", "one", "rds_os_load1", kAsIs, kLinux),
      object_field("loadAverageMinute", "five", "rds_os_load5", kAsIs, kLinux),
      object_field("loadAverageMinute", "fifteen", "rds_os_load15", kAsIs, kLinux),
      object_field("memory", "active", "rds_os_memory_active_bytes", kKilobytes, kLinux),
      object_field("memory", "buffers", "rds_os_memory_buffers_bytes", kKilobytes, kLinux),
      object_field("memory", "cached", "rds_os_memory_cached_bytes", kKilobytes, kLinux),
      object_field("memory", "dirty", "rds_os_memory_dirty_bytes", kKilobytes, kLinux),
      object_field("memory", "free", "rds_os_memory_free_bytes", kKilobytes, kLinux),
      object_field("memory", "inactive", "rds_os_memory_inactive_bytes", kKilobytes, kLinux),
      object_field("memory", "mapped", "rds_os_memory_mapped_bytes", kKilobytes, kLinux),
      object_field("memory", "pageTables", "rds_os_memory_page_tables_bytes", kKilobytes, kLinux),
      object_field("memory", "slab", "rds_os_memory_slab_bytes", kKilobytes, kLinux),
      object_field("memory", "total", "rds_os_memory_total_bytes", kKilobytes, kLinux),
      object_field("memory", "writeback", "rds_os_memory_writeback_bytes", kKilobytes, kLinux),
      object_field("memory", "hugePagesTotal", "rds_os_memory_huge_pages", kAsIs, kLinux),
      object_field("memory", "hugePagesFree", "rds_os_memory_huge_pages_free", kAsIs, kLinux),
      object_field("memory", "hugePagesRsvd", "rds_os_memory_huge_pages_reserved", kAsIs, kLinux),
      object_field("memory", "hugePagesSurp", "rds_os_memory_huge_pages_surplus", kAsIs, kLinux),
      object_field("memory", "hugePagesSize", "rds_os_memory_huge_page_size_bytes", kKilobytes, kLinux),
      object_field("memory", "physTotKb", "rds_os_memory_total_bytes", kKilobytes, kSqlServer),
      object_field("memory", "physAvailKb", "rds_os_memory_available_bytes", kKilobytes, kSqlServer),
      object_field("memory", "commitTotKb", "rds_os_memory_commit_bytes", kKilobytes, kSqlServer),
      object_field("memory", "commitLimitKb", "rds_os_memory_commit_limit_bytes", kKilobytes, kSqlServer),
      object_field("memory", "commitPeakKb", "rds_os_memory_commit_peak_bytes", kKilobytes, kSqlServer),
      object_field("memory", "kernTotKb", "rds_os_memory_kernel_bytes", kKilobytes, kSqlServer),
      object_field("memory", "kernPagedKb", "rds_os_memory_kernel_paged_bytes", kKilobytes, kSqlServer),
      object_field("memory", "kernNonpagedKb", "rds_os_memory_kernel_nonpaged_bytes", kKilobytes, kSqlServer),
      object_field("memory", "sqlServerTotKb", "rds_os_memory_sql_server_bytes", kKilobytes, kSqlServer),
      object_field("memory", "sysCacheKb", "rds_os_memory_system_cache_bytes", kKilobytes, kSqlServer),
      object_field("memory", "pageSize", "rds_os_memory_page_size_bytes", kAsIs, kSqlServer),
      object_field("tasks", "blocked", "rds_os_tasks_blocked", kAsIs, kLinux),
      object_field("tasks", "running", "rds_os_tasks_running", kAsIs, kLinux),
      object_field("tasks", "sleeping", "rds_os_tasks_sleeping", kAsIs, kLinux),
      object_field("tasks", "stopped", "rds_os_tasks_stopped", kAsIs, kLinux),
      object_field("tasks", "zombie", "rds_os_tasks_zombie", kAsIs, kLinux),
      object_field("tasks", "total", "rds_os_tasks", kAsIs, kLinux),
      object_field("swap", "cached", "rds_os_swap_cached_bytes", kKilobytes, kLinux),
      object_field("swap", "free", "rds_os_swap_free_bytes", kKilobytes, kLinux),
      object_field("swap", "total", "rds_os_swap_total_bytes", kKilobytes, kLinux),
      object_field("swap", "in", "rds_os_swap_in_bytes", kKilobytes, kLinux),
      object_field("swap", "out", "rds_os_swap_out_bytes", kKilobytes, kLinux),
      object_field("system", "handles", "rds_os_handles", kAsIs, kSqlServer),
      object_field("system", "processes", "rds_os_processes", kAsIs, kSqlServer),
      object_field("system", "threads", "rds_os_threads", kAsIs, kSqlServer),
      entry_field("network", OsEntries::each, kInterface, "rx", "rds_os_network_receive_bytes_per_second", kAsIs,
                  kLinux),
      entry_field("network", OsEntries::each, kInterface, "tx", "rds_os_network_transmit_bytes_per_second", kAsIs,
                  kLinux),
      entry_field("network", OsEntries::each, kInterface, "rdBytesPS", "rds_os_network_receive_bytes_per_second", kAsIs,
                  kSqlServer),
      entry_field("network", OsEntries::each, kInterface, "wrBytesPS", "rds_os_network_transmit_bytes_per_second",
                  kAsIs, kSqlServer),
  };
  for (const BlockDeviceField& block : kBlockDeviceFields) {
    fields.push_back(entry_field("diskIO", OsEntries::with_device, kDevice, block.field, block.disk_metric,
                                 block.conversion, kLinux));
  }
  constexpr auto kAurora = OsSchema::aurora;
  constexpr auto kStorage = OsEntries::without_device;
  const std::span<const OsLabelSource> kUnlabelled;
  fields.insert(fields.end(), {
                                  entry_field("diskIO", kStorage, kUnlabelled, "readLatency",
                                              "rds_os_aurora_storage_read_latency_seconds", kMilliseconds, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "writeLatency",
                                              "rds_os_aurora_storage_write_latency_seconds", kMilliseconds, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "readThroughput",
                                              "rds_os_aurora_storage_read_bytes_per_second", kAsIs, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "writeThroughput",
                                              "rds_os_aurora_storage_write_bytes_per_second", kAsIs, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "readIOsPS",
                                              "rds_os_aurora_storage_reads_per_second", kAsIs, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "writeIOsPS",
                                              "rds_os_aurora_storage_writes_per_second", kAsIs, kAurora),
                                  entry_field("diskIO", kStorage, kUnlabelled, "diskQueueDepth",
                                              "rds_os_aurora_storage_queue_depth", kAsIs, kAurora),
                              });
  for (const BlockDeviceField& block : kBlockDeviceFields) {
    fields.push_back(entry_field("physicalDeviceIO", OsEntries::each, kDevice, block.field, block.physical_metric,
                                 block.conversion, kLinux));
  }
  constexpr auto kEach = OsEntries::each;
  constexpr auto kProcesses = OsEntries::processes;
  fields.insert(
      fields.end(),
      {
          entry_field("fileSys", kEach, kFileSystem, "maxFiles", "rds_os_filesystem_files", kAsIs, kLinux),
          entry_field("fileSys", kEach, kFileSystem, "usedFiles", "rds_os_filesystem_files_used", kAsIs, kLinux),
          entry_field("fileSys", kEach, kFileSystem, "usedFilePercent", "rds_os_filesystem_files_used_ratio", kPercent,
                      kLinux),
          entry_field("fileSys", kEach, kFileSystem, "total", "rds_os_filesystem_size_bytes", kKilobytes, kLinux),
          entry_field("fileSys", kEach, kFileSystem, "used", "rds_os_filesystem_used_bytes", kKilobytes, kLinux),
          entry_field("fileSys", kEach, kFileSystem, "usedPercent", "rds_os_filesystem_used_ratio", kPercent, kLinux),
          entry_field("disks", kEach, kDiskName, "totalKb", "rds_os_filesystem_size_bytes", kKilobytes, kSqlServer),
          entry_field("disks", kEach, kDiskName, "usedKb", "rds_os_filesystem_used_bytes", kKilobytes, kSqlServer),
          entry_field("disks", kEach, kDiskName, "usedPc", "rds_os_filesystem_used_ratio", kPercent, kSqlServer),
          entry_field("disks", kEach, kDiskName, "availKb", "rds_os_filesystem_available_bytes", kKilobytes,
                      kSqlServer),
          entry_field("disks", kEach, kDiskName, "availPc", "rds_os_filesystem_available_ratio", kPercent, kSqlServer),
          entry_field("disks", kEach, kDiskAsDevice, "rdCountPS", "rds_os_disk_reads_per_second", kAsIs, kSqlServer),
          entry_field("disks", kEach, kDiskAsDevice, "rdBytesPS", "rds_os_disk_read_bytes_per_second", kAsIs,
                      kSqlServer),
          entry_field("disks", kEach, kDiskAsDevice, "wrCountPS", "rds_os_disk_writes_per_second", kAsIs, kSqlServer),
          entry_field("disks", kEach, kDiskAsDevice, "wrBytesPS", "rds_os_disk_written_bytes_per_second", kAsIs,
                      kSqlServer),
          entry_field("processList", kProcesses, kProcess, "cpuUsedPc", "rds_os_process_cpu_ratio", kPercent, kBoth),
          entry_field("processList", kProcesses, kProcess, "memoryUsedPc", "rds_os_process_memory_ratio", kPercent,
                      kLinux),
          entry_field("processList", kProcesses, kProcess, "memUsedPc", "rds_os_process_memory_ratio", kPercent,
                      kSqlServer),
          entry_field("processList", kProcesses, kProcess, "rss", "rds_os_process_resident_memory_bytes", kKilobytes,
                      kLinux),
          entry_field("processList", kProcesses, kProcess, "vss", "rds_os_process_virtual_memory_bytes", kKilobytes,
                      kLinux),
          entry_field("processList", kProcesses, kProcess, "workingSetKb", "rds_os_process_working_set_bytes",
                      kKilobytes, kSqlServer),
          entry_field("processList", kProcesses, kProcess, "workingSetPrivKb",
                      "rds_os_process_working_set_private_bytes", kKilobytes, kSqlServer),
          entry_field("processList", kProcesses, kProcess, "workingSetShareableKb",
                      "rds_os_process_working_set_shareable_bytes", kKilobytes, kSqlServer),
          entry_field("processList", kProcesses, kProcess, "virtKb", "rds_os_process_virtual_memory_bytes", kKilobytes,
                      kSqlServer),
      });
  return fields;
}

// A field with its catalog row, looked up once.
struct ResolvedField {
  const OsField* field = nullptr;
  const catalog::MetricSpec* metric = nullptr;
};

struct FieldTable {
  std::vector<OsField> fields = build_fields();
  std::vector<ResolvedField> resolved = resolve(fields);

  static std::vector<ResolvedField> resolve(const std::vector<OsField>& fields) {
    std::vector<ResolvedField> rows;
    for (const OsField& field : fields) rows.push_back({&field, catalog::find_os_metric(field.metric)});
    return rows;
  }
};

const FieldTable& field_table() {
  static const FieldTable table;
  return table;
}

// ---- Reading values ----

const json* member(const json& object, std::string_view name) {
  const auto found = object.find(name);
  return found == object.end() ? nullptr : &*found;
}

std::string string_member(const json& object, std::string_view name) {
  const json* value = member(object, name);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

// A run of ASCII digits, at most 12 of them (no day count, hour or year needs more).
std::optional<std::uint64_t> whole_number(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

// Enhanced Monitoring's uptime: "329 days, 05:59:09", "1 day, 00:00:01", or, under a day, "05:59:09".
std::optional<double> parse_uptime(std::string_view text) {
  std::uint64_t days = 0;
  if (const auto comma = text.find(", "); comma != std::string_view::npos) {
    const std::string_view count_and_unit = text.substr(0, comma);
    const auto space = count_and_unit.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view unit = count_and_unit.substr(space + 1);
    const auto count = whole_number(count_and_unit.substr(0, space));
    if (!count || (unit != "day" && unit != "days")) return std::nullopt;
    days = *count;
    text = text.substr(comma + 2);
  }
  const auto first_colon = text.find(':');
  const auto last_colon = text.rfind(':');
  if (first_colon == std::string_view::npos || last_colon != first_colon + 3) return std::nullopt;
  const auto hours = whole_number(text.substr(0, first_colon));
  const std::string_view minutes_text = text.substr(first_colon + 1, 2);
  const std::string_view seconds_text = text.substr(last_colon + 1);
  const auto minutes = whole_number(minutes_text);
  const auto seconds = whole_number(seconds_text);
  if (!hours || !minutes || !seconds || seconds_text.size() != 2 || *minutes > 59 || *seconds > 59) {
    return std::nullopt;
  }
  return static_cast<double>(days) * 86400 + static_cast<double>(*hours) * 3600 + static_cast<double>(*minutes) * 60 +
         static_cast<double>(*seconds);
}

double converted(double value, OsConversion conversion) {
  switch (conversion) {
    case OsConversion::kilobytes:
      return value * 1024;
    case OsConversion::percent:
      return value / 100;
    case OsConversion::milliseconds:
      return value / 1000;
    case OsConversion::none:
    case OsConversion::uptime:
      break;
  }
  return value;
}

// The field's value in its metric's base unit; nullopt when absent, of the wrong type or not finite.
std::optional<double> field_value(const json& holder, const OsField& field) {
  const json* value = member(holder, field.field);
  if (value == nullptr) return std::nullopt;
  std::optional<double> number;
  if (field.conversion == OsConversion::uptime) {
    if (value->is_string()) number = parse_uptime(value->get_ref<const std::string&>());
  } else if (value->is_number()) {
    number = converted(value->get<double>(), field.conversion);
  }
  if (!number || !std::isfinite(*number)) return std::nullopt;
  return number;
}

// A label's value: a string as it is, an integer as decimal text, anything else none (an empty string).
std::string label_text(const json* value) {
  if (value == nullptr) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_unsigned()) return std::to_string(value->get<std::uint64_t>());
  if (value->is_number_integer()) return std::to_string(value->get<std::int64_t>());
  return {};
}

Labels labels_of(const json& holder, const OsField& field) {
  Labels labels;
  if (!field.constant_label.first.empty()) {
    labels.emplace_back(field.constant_label.first, field.constant_label.second);
  }
  for (const OsLabelSource& source : field.labels) {
    const bool taken =
        std::any_of(labels.begin(), labels.end(), [&](const auto& label) { return label.first == source.label; });
    if (taken) continue;
    std::string value = label_text(member(holder, source.field));
    if (!value.empty()) labels.emplace_back(source.label, std::move(value));
  }
  return labels;
}

// ---- Which processes ----

constexpr std::string_view kAggregateProcesses[] = {"OS processes", "RDS processes"};

struct RankedProcess {
  std::size_t index = 0;
  double value = 0;
  std::optional<double> pid;
  std::string name;
};

std::optional<double> finite_number(const json* value) {
  if (value == nullptr || !value->is_number()) return std::nullopt;
  const double number = value->get<double>();
  return std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
}

// Marks the `top` highest of `ranked` in `chosen`: by value, then by pid (absent last), then by name.
void choose_top(std::vector<RankedProcess> ranked, int top, std::vector<bool>& chosen) {
  std::stable_sort(ranked.begin(), ranked.end(), [](const RankedProcess& a, const RankedProcess& b) {
    if (a.value != b.value) return a.value > b.value;
    if (a.pid.has_value() != b.pid.has_value()) return a.pid.has_value();
    if (a.pid != b.pid) return *a.pid < *b.pid;
    return a.name < b.name;
  });
  const std::size_t count = std::min(ranked.size(), static_cast<std::size_t>(std::max(top, 0)));
  for (std::size_t i = 0; i < count; ++i) chosen[ranked[i].index] = true;
}

// Per processList entry, whether its metrics are exported: the aggregates, the top N by CPU and the top N by
// memory. Threads (SQL Server's entries with a `tid`) never.
std::vector<bool> chosen_processes(const json& document, int top) {
  const json* list = member(document, "processList");
  if (list == nullptr || !list->is_array()) return {};
  std::vector<bool> chosen(list->size(), false);
  std::vector<RankedProcess> by_cpu;
  std::vector<RankedProcess> by_memory;
  for (std::size_t index = 0; index < list->size(); ++index) {
    const json& entry = (*list)[index];
    if (!entry.is_object() || member(entry, "tid") != nullptr) continue;
    const std::string name = string_member(entry, "name");
    if (std::find(std::begin(kAggregateProcesses), std::end(kAggregateProcesses), name) !=
        std::end(kAggregateProcesses)) {
      chosen[index] = true;
      continue;
    }
    const json* id = member(entry, "id");
    const std::optional<double> pid = finite_number(id != nullptr ? id : member(entry, "pid"));
    if (const auto cpu = finite_number(member(entry, "cpuUsedPc"))) by_cpu.push_back({index, *cpu, pid, name});
    const json* memory = member(entry, "memoryUsedPc");
    if (const auto used = finite_number(memory != nullptr ? memory : member(entry, "memUsedPc"))) {
      by_memory.push_back({index, *used, pid, name});
    }
  }
  choose_top(std::move(by_cpu), top, chosen);
  choose_top(std::move(by_memory), top, chosen);
  return chosen;
}

// ---- The document ----

bool admits(OsEntries entries, const json& entry, std::size_t index, const std::vector<bool>& chosen_processes) {
  switch (entries) {
    case OsEntries::object:
    case OsEntries::each:
      return true;
    case OsEntries::with_device:
      return member(entry, "device") != nullptr;
    case OsEntries::without_device:
      return member(entry, "device") == nullptr;
    case OsEntries::processes:
      return index < chosen_processes.size() && chosen_processes[index];
  }
  return false;
}

class DocumentReader {
 public:
  explicit DocumentReader(OsDocument& out) : out_(out) {}

  void add(const json& holder, const ResolvedField& row) {
    if (row.metric == nullptr) return;
    const std::optional<double> value = field_value(holder, *row.field);
    if (!value) return;
    Labels labels = labels_of(holder, *row.field);
    if (!seen_.emplace(row.metric, labels).second) return;
    out_.samples.push_back(OsSample{row.metric, std::move(labels), *value});
  }

 private:
  OsDocument& out_;
  std::set<std::pair<const catalog::MetricSpec*, Labels>> seen_;
};

OsDocument read_document(const json& document, const OsDocumentOptions& options) {
  OsDocument out;
  out.engine = string_member(document, "engine");
  out.instance_id = string_member(document, "instanceID");
  out.resource_id = string_member(document, "instanceResourceID");
  const std::vector<bool> chosen =
      options.processes ? chosen_processes(document, options.top_processes) : std::vector<bool>{};
  DocumentReader reader(out);
  for (const ResolvedField& row : field_table().resolved) {
    const OsField& field = *row.field;
    const json* group = field.group.empty() ? &document : member(document, field.group);
    if (group == nullptr) continue;
    if (field.entries == OsEntries::object) {
      if (group->is_object()) reader.add(*group, row);
      continue;
    }
    if (!group->is_array()) continue;
    for (std::size_t index = 0; index < group->size(); ++index) {
      const json& entry = (*group)[index];
      if (entry.is_object() && admits(field.entries, entry, index, chosen)) reader.add(entry, row);
    }
  }
  return out;
}

// ---- The Markdown table ----

// Indexed by the enumerators' order in os_document.h.
constexpr std::string_view kSchemaText[] = {"Linux", "SQL Server", "Linux, SQL Server", "Aurora"};
constexpr std::string_view kConversionText[] = {"as is", "KB × 1024", "percent ÷ 100", "ms ÷ 1000",
                                                "`[D day(s), ]HH:MM:SS` → seconds"};
static_assert(std::size(kSchemaText) == static_cast<std::size_t>(OsSchema::aurora) + 1);
static_assert(std::size(kConversionText) == static_cast<std::size_t>(OsConversion::uptime) + 1);

std::string field_text(const OsField& field) {
  std::string text = "`";
  if (!field.group.empty()) {
    text += field.group;
    text += field.entries == OsEntries::object ? "." : "[].";
  }
  text += field.field;
  text += "`";
  if (field.entries == OsEntries::with_device) text += " (entries with `device`)";
  if (field.entries == OsEntries::without_device) text += " (entries without `device`)";
  if (field.entries == OsEntries::processes) text += " (processes option)";
  return text;
}

// `mode="idle"`; `interface`; `mountpoint` ← `mountPoint`; `pid` ← `id` or `pid`.
std::string labels_text(const OsField& field) {
  std::vector<std::string> parts;
  if (!field.constant_label.first.empty()) {
    parts.push_back("`" + std::string(field.constant_label.first) + "=\"" + std::string(field.constant_label.second) +
                    "\"`");
  }
  for (std::size_t i = 0; i < field.labels.size(); ++i) {
    const OsLabelSource& source = field.labels[i];
    const bool seen = std::any_of(field.labels.begin(), field.labels.begin() + static_cast<std::ptrdiff_t>(i),
                                  [&](const OsLabelSource& earlier) { return earlier.label == source.label; });
    if (seen) continue;
    std::vector<std::string_view> sources;
    for (const OsLabelSource& other : field.labels) {
      if (other.label == source.label) sources.push_back(other.field);
    }
    std::string part = "`" + std::string(source.label) + "`";
    if (sources.size() > 1 || sources.front() != source.label) {
      part += " ← `" + std::string(sources.front()) + "`";
      for (std::size_t s = 1; s < sources.size(); ++s) part += " or `" + std::string(sources[s]) + "`";
    }
    parts.push_back(std::move(part));
  }
  if (parts.empty()) return "—";
  std::string text = parts.front();
  for (std::size_t p = 1; p < parts.size(); ++p) text += ", " + parts[p];
  return text;
}

}  // namespace

common::Expected<OsDocument, std::string> parse_os_document(std::string_view json_text,
                                                            const OsDocumentOptions& options) {
  try {
    const json document = json::parse(json_text.begin(), json_text.end());
    if (!document.is_object()) return common::Unexpected{std::string("not a JSON object")};
    return read_document(document, options);
  } catch (const json::parse_error& error) {
    return common::Unexpected{"not JSON: syntax error at byte " + std::to_string(error.byte)};
  } catch (const json::exception&) {
    // A number a double cannot hold (1E400), whose message would quote it.
    return common::Unexpected{std::string("not JSON: a number out of range")};
  } catch (const std::bad_alloc&) {
    return common::Unexpected{"too large to read (" + std::to_string(json_text.size()) + " bytes)"};
  } catch (const std::exception& error) {
    return common::Unexpected{std::string("unreadable: ") + error.what()};
  }
}

std::span<const OsField> os_fields() { return field_table().fields; }

std::string os_metrics_markdown_table() {
  std::string table =
      "| Document field | Schema | Metric | Labels | Conversion |\n"
      "|---|---|---|---|---|\n";
  for (const OsField& field : os_fields()) {
    table += "| " + field_text(field) + " | " + std::string(kSchemaText[static_cast<std::size_t>(field.schema)]) +
             " | `" + std::string(field.metric) + "` | " + labels_text(field) + " | " +
             std::string(kConversionText[static_cast<std::size_t>(field.conversion)]) + " |\n";
  }
  return table;
}

}  // namespace rds_exporter::collection
