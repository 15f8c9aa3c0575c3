#include "collection/os_document.h"

#include "catalog/os_metric_catalog.h"

#include "../common/docs_section.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::collection {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Want {
  std::string metric;
  Labels labels;
  double value = 0;
};

std::string listing(const OsDocument& document) {
  std::ostringstream text;
  for (const OsSample& sample : document.samples) {
    text << (sample.metric != nullptr ? sample.metric->exposed_name : "(null)") << "{";
    for (const auto& [name, value] : sample.labels) text << name << "=\"" << value << "\",";
    text << "} " << sample.value << "\n";
  }
  return text.str();
}

OsDocument parse(std::string_view json, const OsDocumentOptions& options = {}) {
  auto parsed = parse_os_document(json, options);
  if (!parsed) {
    ADD_FAILURE() << parsed.error();
    return {};
  }
  return std::move(parsed).value();
}

// Every sample, in order: metric, labels and value.
void expect_samples(const OsDocument& document, const std::vector<Want>& wants) {
  ASSERT_EQ(document.samples.size(), wants.size()) << listing(document);
  for (std::size_t i = 0; i < wants.size(); ++i) {
    const OsSample& sample = document.samples[i];
    ASSERT_NE(sample.metric, nullptr) << i;
    EXPECT_EQ(sample.metric->exposed_name, wants[i].metric) << "sample " << i << "\n" << listing(document);
    EXPECT_EQ(sample.labels, wants[i].labels) << wants[i].metric;
    EXPECT_DOUBLE_EQ(sample.value, wants[i].value) << wants[i].metric;
  }
}

const OsSample* find_sample(const OsDocument& document, std::string_view metric, const Labels& labels) {
  for (const OsSample& sample : document.samples) {
    if (sample.metric->exposed_name == metric && sample.labels == labels) return &sample;
  }
  return nullptr;
}

// The labels of every sample of `metric`, in order.
std::vector<Labels> labels_of(const OsDocument& document, std::string_view metric) {
  std::vector<Labels> found;
  for (const OsSample& sample : document.samples) {
    if (sample.metric->exposed_name == metric) found.push_back(sample.labels);
  }
  return found;
}

constexpr std::string_view kMySqlDocument = R"({
  "engine": "MySQL",
  "instanceID": "orders-db",
  "instanceResourceID": "db-7QWERTYUIOPASDFGHJKLZXCVBN",
  "timestamp": "2024-03-05T14:20:00Z",
  "version": 1.00,
  "uptime": "12 days, 03:04:05",
  "numVCPUs": 2,
  "cpuUtilization": {"guest": 0, "irq": 0.02, "system": 1.5, "wait": 0.25, "idle": 93.1, "user": 4.3,
                     "total": 6.9, "steal": 0.05, "nice": 0.78},
  "loadAverageMinute": {"fifteen": 0.2, "five": 0.35, "one": 0.5},
  "memory": {"writeback": 0, "hugePagesFree": 2, "hugePagesRsvd": 1, "hugePagesSurp": 0, "cached": 1536000,
             "hugePagesSize": 2048, "free": 409600, "hugePagesTotal": 4, "inactive": 1024000, "pageTables": 12288,
             "dirty": 256, "mapped": 65536, "active": 2048000, "total": 4000000, "slab": 98304, "buffers": 51200},
  "tasks": {"sleeping": 310, "zombie": 0, "running": 2, "stopped": 0, "total": 313, "blocked": 1},
  "swap": {"cached": 0, "total": 4194300, "free": 4194000, "in": 0, "out": 4},
  "network": [{"interface": "eth0", "rx": 120000.5, "tx": 80000.25}],
  "diskIO": [{"writeKbPS": 512, "readIOsPS": 3.5, "await": 1.25, "readKbPS": 56, "rrqmPS": 0, "util": 2.5,
              "avgQueueLen": 0.02, "tps": 40, "readKb": 3360, "device": "nvme1n1", "writeKb": 30720,
              "avgReqSz": 12.5, "wrqmPS": 1.5, "writeIOsPS": 36.5}],
  "physicalDeviceIO": [{"writeKbPS": 256, "readIOsPS": 1.75, "await": 0.5, "readKbPS": 28, "rrqmPS": 0.25,
                        "util": 1.2, "avgQueueLen": 0.01, "tps": 20, "readKb": 1680, "device": "nvme2n1",
                        "writeKb": 15360, "avgReqSz": 16, "wrqmPS": 0.75, "writeIOsPS": 18.25}],
  "fileSys": [{"used": 1048576, "name": "rdsfilesys", "usedFiles": 600, "usedFilePercent": 0.05,
               "maxFiles": 1310720, "mountPoint": "/rdsdbdata", "total": 20971520, "usedPercent": 5}],
  "processList": [
    {"vss": 2000000, "name": "mysqld", "tgid": 4200, "vmlimit": "unlimited", "parentID": 1, "memoryUsedPc": 22.5,
     "cpuUsedPc": 4.0, "id": 4200, "rss": 900000},
    {"vss": 0, "name": "OS processes", "tgid": 0, "parentID": 0, "memoryUsedPc": 1.25, "cpuUsedPc": 0.5, "id": 0,
     "rss": 50000},
    {"vss": 0, "name": "RDS processes", "tgid": 0, "parentID": 0, "memoryUsedPc": 6.0, "cpuUsedPc": 0.75, "id": 0,
     "rss": 240000}
  ]
})";

TEST(OsDocument, ReadsEveryGroupOfALinuxDocumentInTheTablesOrder) {
  const OsDocument document = parse(kMySqlDocument);
  EXPECT_EQ(document.engine, "MySQL");
  EXPECT_EQ(document.instance_id, "orders-db");
  EXPECT_EQ(document.resource_id, "db-7QWERTYUIOPASDFGHJKLZXCVBN");
  const Labels eth0 = {{"interface", "eth0"}};
  const Labels nvme1 = {{"device", "nvme1n1"}};
  const Labels nvme2 = {{"device", "nvme2n1"}};
  const Labels data = {{"name", "rdsfilesys"}, {"mountpoint", "/rdsdbdata"}};
  expect_samples(document, {
                               {"rds_os_vcpus", {}, 2},
                               {"rds_os_uptime_seconds", {}, 12 * 86400 + 3 * 3600 + 4 * 60 + 5},
                               {"rds_os_cpu_ratio", {{"mode", "guest"}}, 0},
                               {"rds_os_cpu_ratio", {{"mode", "idle"}}, 0.931},
                               {"rds_os_cpu_ratio", {{"mode", "irq"}}, 0.0002},
                               {"rds_os_cpu_ratio", {{"mode", "nice"}}, 0.0078},
                               {"rds_os_cpu_ratio", {{"mode", "steal"}}, 0.0005},
                               {"rds_os_cpu_ratio", {{"mode", "system"}}, 0.015},
                               {"rds_os_cpu_ratio", {{"mode", "user"}}, 0.043},
                               {"rds_os_cpu_ratio", {{"mode", "wait"}}, 0.0025},
                               {"rds_os_cpu_utilization_ratio", {}, 0.069},
                               {"rds_os_load1", {}, 0.5},
                               {"rds_os_load5", {}, 0.35},
                               {"rds_os_load15", {}, 0.2},
                               {"rds_os_memory_active_bytes", {}, 2097152000},
                               {"rds_os_memory_buffers_bytes", {}, 52428800},
                               {"rds_os_memory_cached_bytes", {}, 1572864000},
                               {"rds_os_memory_dirty_bytes", {}, 262144},
                               {"rds_os_memory_free_bytes", {}, 419430400},
                               {"rds_os_memory_inactive_bytes", {}, 1048576000},
                               {"rds_os_memory_mapped_bytes", {}, 67108864},
                               {"rds_os_memory_page_tables_bytes", {}, 12582912},
                               {"rds_os_memory_slab_bytes", {}, 100663296},
                               {"rds_os_memory_total_bytes", {}, 4096000000},
                               {"rds_os_memory_writeback_bytes", {}, 0},
                               {"rds_os_memory_huge_pages", {}, 4},
                               {"rds_os_memory_huge_pages_free", {}, 2},
                               {"rds_os_memory_huge_pages_reserved", {}, 1},
                               {"rds_os_memory_huge_pages_surplus", {}, 0},
                               {"rds_os_memory_huge_page_size_bytes", {}, 2097152},
                               {"rds_os_tasks_blocked", {}, 1},
                               {"rds_os_tasks_running", {}, 2},
                               {"rds_os_tasks_sleeping", {}, 310},
                               {"rds_os_tasks_stopped", {}, 0},
                               {"rds_os_tasks_zombie", {}, 0},
                               {"rds_os_tasks", {}, 313},
                               {"rds_os_swap_cached_bytes", {}, 0},
                               {"rds_os_swap_free_bytes", {}, 4294656000},
                               {"rds_os_swap_total_bytes", {}, 4294963200},
                               {"rds_os_swap_in_bytes", {}, 0},
                               {"rds_os_swap_out_bytes", {}, 4096},
                               {"rds_os_network_receive_bytes_per_second", eth0, 120000.5},
                               {"rds_os_network_transmit_bytes_per_second", eth0, 80000.25},
                               {"rds_os_disk_queue_length", nvme1, 0.02},
                               {"rds_os_disk_request_size_bytes", nvme1, 12800},
                               {"rds_os_disk_await_seconds", nvme1, 0.00125},
                               {"rds_os_disk_reads_per_second", nvme1, 3.5},
                               {"rds_os_disk_read_bytes", nvme1, 3440640},
                               {"rds_os_disk_read_bytes_per_second", nvme1, 57344},
                               {"rds_os_disk_read_merges_per_second", nvme1, 0},
                               {"rds_os_disk_transfers_per_second", nvme1, 40},
                               {"rds_os_disk_utilization_ratio", nvme1, 0.025},
                               {"rds_os_disk_writes_per_second", nvme1, 36.5},
                               {"rds_os_disk_written_bytes", nvme1, 31457280},
                               {"rds_os_disk_written_bytes_per_second", nvme1, 524288},
                               {"rds_os_disk_write_merges_per_second", nvme1, 1.5},
                               {"rds_os_physical_disk_queue_length", nvme2, 0.01},
                               {"rds_os_physical_disk_request_size_bytes", nvme2, 16384},
                               {"rds_os_physical_disk_await_seconds", nvme2, 0.0005},
                               {"rds_os_physical_disk_reads_per_second", nvme2, 1.75},
                               {"rds_os_physical_disk_read_bytes", nvme2, 1720320},
                               {"rds_os_physical_disk_read_bytes_per_second", nvme2, 28672},
                               {"rds_os_physical_disk_read_merges_per_second", nvme2, 0.25},
                               {"rds_os_physical_disk_transfers_per_second", nvme2, 20},
                               {"rds_os_physical_disk_utilization_ratio", nvme2, 0.012},
                               {"rds_os_physical_disk_writes_per_second", nvme2, 18.25},
                               {"rds_os_physical_disk_written_bytes", nvme2, 15728640},
                               {"rds_os_physical_disk_written_bytes_per_second", nvme2, 262144},
                               {"rds_os_physical_disk_write_merges_per_second", nvme2, 0.75},
                               {"rds_os_filesystem_files", data, 1310720},
                               {"rds_os_filesystem_files_used", data, 600},
                               {"rds_os_filesystem_files_used_ratio", data, 0.0005},
                               {"rds_os_filesystem_size_bytes", data, 21474836480.0},
                               {"rds_os_filesystem_used_bytes", data, 1073741824},
                               {"rds_os_filesystem_used_ratio", data, 0.05},
                           });
}

TEST(OsDocument, ProcessesAreReadOnlyWithTheOption) {
  OsDocumentOptions options;
  options.processes = true;
  const OsDocument document = parse(kMySqlDocument, options);
  EXPECT_EQ(document.samples.size(), 75U + 3 * 4) << listing(document);
  const Labels mysqld = {{"process", "mysqld"}, {"pid", "4200"}};
  const Labels os = {{"process", "OS processes"}, {"pid", "0"}};
  const Labels rds = {{"process", "RDS processes"}, {"pid", "0"}};
  EXPECT_EQ(labels_of(document, "rds_os_process_cpu_ratio"), (std::vector<Labels>{mysqld, os, rds}));
  EXPECT_EQ(labels_of(document, "rds_os_process_memory_ratio"), (std::vector<Labels>{mysqld, os, rds}));
  const OsSample* cpu = find_sample(document, "rds_os_process_cpu_ratio", mysqld);
  ASSERT_NE(cpu, nullptr);
  EXPECT_DOUBLE_EQ(cpu->value, 0.04);
  const OsSample* memory = find_sample(document, "rds_os_process_memory_ratio", mysqld);
  ASSERT_NE(memory, nullptr);
  EXPECT_DOUBLE_EQ(memory->value, 0.225);
  const OsSample* rss = find_sample(document, "rds_os_process_resident_memory_bytes", rds);
  ASSERT_NE(rss, nullptr);
  EXPECT_DOUBLE_EQ(rss->value, 245760000);
  // vss 2000000 KB; vmlimit ("unlimited"), parentID and tgid are not exported.
  const OsSample* vss = find_sample(document, "rds_os_process_virtual_memory_bytes", mysqld);
  ASSERT_NE(vss, nullptr);
  EXPECT_DOUBLE_EQ(vss->value, 2048000000);
  EXPECT_EQ(labels_of(document, "rds_os_process_working_set_bytes").size(), 0U);
}

// Aurora MySQL: the first diskIO entry, without a device, is the cluster's storage; "rdstemp" is a local device.
TEST(OsDocument, AuroraStorageIsTheDiskIoEntryWithoutADevice) {
  const OsDocument document = parse(R"({
    "engine": "Aurora", "instanceID": "shop-aurora-1", "instanceResourceID": "db-AURORA1234567890ABCDEFGHI",
    "timestamp": "2024-03-05T14:20:05Z", "version": 1.00, "uptime": "05:59:09", "numVCPUs": 4,
    "diskIO": [
      {"readLatency": 0.75, "writeLatency": 1.5, "writeThroughput": 20480, "readThroughput": 4096,
       "readIOsPS": 2.5, "diskQueueDepth": 1, "writeIOsPS": 12},
      {"device": "rdstemp", "readIOsPS": 0.5, "writeIOsPS": 3, "await": 2, "util": 0.4, "avgQueueLen": 0,
       "readKbPS": 4, "writeKbPS": 24}
    ]
  })");
  EXPECT_EQ(document.engine, "Aurora");
  const Labels rdstemp = {{"device", "rdstemp"}};
  expect_samples(document, {
                               {"rds_os_vcpus", {}, 4},
                               {"rds_os_uptime_seconds", {}, 5 * 3600 + 59 * 60 + 9},
                               {"rds_os_disk_queue_length", rdstemp, 0},
                               {"rds_os_disk_await_seconds", rdstemp, 0.002},
                               {"rds_os_disk_reads_per_second", rdstemp, 0.5},
                               {"rds_os_disk_read_bytes_per_second", rdstemp, 4096},
                               {"rds_os_disk_utilization_ratio", rdstemp, 0.004},
                               {"rds_os_disk_writes_per_second", rdstemp, 3},
                               {"rds_os_disk_written_bytes_per_second", rdstemp, 24576},
                               {"rds_os_aurora_storage_read_latency_seconds", {}, 0.00075},
                               {"rds_os_aurora_storage_write_latency_seconds", {}, 0.0015},
                               {"rds_os_aurora_storage_read_bytes_per_second", {}, 4096},
                               {"rds_os_aurora_storage_write_bytes_per_second", {}, 20480},
                               {"rds_os_aurora_storage_reads_per_second", {}, 2.5},
                               {"rds_os_aurora_storage_writes_per_second", {}, 12},
                               {"rds_os_aurora_storage_queue_depth", {}, 1},
                           });
}

TEST(OsDocument, ReadsAnAuroraPostgreSqlDocumentWithSeveralInterfacesAndFileSystems) {
  const OsDocument document = parse(R"({
    "engine": "Aurora PostgreSQL", "instanceID": "ledger-1", "instanceResourceID": "db-LEDGER0000000000000000001",
    "timestamp": "2024-03-05T14:20:10Z", "uptime": "1 day, 00:00:01", "numVCPUs": 2,
    "cpuUtilization": {"idle": 50, "user": 25, "system": 12.5, "total": 50},
    "network": [{"interface": "eth0", "rx": 1000, "tx": 2000}, {"interface": "eth1", "rx": 10, "tx": 20}],
    "diskIO": [{"readLatency": 0.5, "writeLatency": 2, "readThroughput": 8192, "writeThroughput": 16384,
                "readIOsPS": 4, "writeIOsPS": 8, "diskQueueDepth": 0.5},
               {"device": "rdstemp", "tps": 1.5}],
    "fileSys": [{"name": "rdstemp", "mountPoint": "/rdstemp", "usedPercent": 12.5, "total": 1024},
                {"name": "rdsfilesys", "mountPoint": "/", "usedPercent": 40, "total": 2048}]
  })");
  EXPECT_EQ(document.engine, "Aurora PostgreSQL");
  const Labels eth0 = {{"interface", "eth0"}};
  const Labels eth1 = {{"interface", "eth1"}};
  const Labels temp = {{"name", "rdstemp"}, {"mountpoint", "/rdstemp"}};
  const Labels root = {{"name", "rdsfilesys"}, {"mountpoint", "/"}};
  expect_samples(document, {
                               {"rds_os_vcpus", {}, 2},
                               {"rds_os_uptime_seconds", {}, 86401},
                               {"rds_os_cpu_ratio", {{"mode", "idle"}}, 0.5},
                               {"rds_os_cpu_ratio", {{"mode", "system"}}, 0.125},
                               {"rds_os_cpu_ratio", {{"mode", "user"}}, 0.25},
                               {"rds_os_cpu_utilization_ratio", {}, 0.5},
                               {"rds_os_network_receive_bytes_per_second", eth0, 1000},
                               {"rds_os_network_receive_bytes_per_second", eth1, 10},
                               {"rds_os_network_transmit_bytes_per_second", eth0, 2000},
                               {"rds_os_network_transmit_bytes_per_second", eth1, 20},
                               {"rds_os_disk_transfers_per_second", {{"device", "rdstemp"}}, 1.5},
                               {"rds_os_aurora_storage_read_latency_seconds", {}, 0.0005},
                               {"rds_os_aurora_storage_write_latency_seconds", {}, 0.002},
                               {"rds_os_aurora_storage_read_bytes_per_second", {}, 8192},
                               {"rds_os_aurora_storage_write_bytes_per_second", {}, 16384},
                               {"rds_os_aurora_storage_reads_per_second", {}, 4},
                               {"rds_os_aurora_storage_writes_per_second", {}, 8},
                               {"rds_os_aurora_storage_queue_depth", {}, 0.5},
                               {"rds_os_filesystem_size_bytes", temp, 1048576},
                               {"rds_os_filesystem_size_bytes", root, 2097152},
                               {"rds_os_filesystem_used_ratio", temp, 0.125},
                               {"rds_os_filesystem_used_ratio", root, 0.4},
                           });
}

constexpr std::string_view kSqlServerDocument = R"({
  "engine": "SqlServer", "instanceID": "erp-sql", "instanceResourceID": "db-ERPSQL00000000000000000001",
  "timestamp": "2024-03-05T14:21:00Z", "version": 1.00, "uptime": "3 days, 11:00:00", "numVCPUs": 4,
  "cpuUtilization": {"idle": 80.5, "kern": 4.5, "user": 15},
  "memory": {"commitTotKb": 3500000, "commitLimitKb": 9000000, "commitPeakKb": 4000000, "kernTotKb": 300000,
             "kernNonpagedKb": 100000, "kernPagedKb": 200000, "pageSize": 4096, "physTotKb": 8388608,
             "physAvailKb": 2097152, "sqlServerTotKb": 5000000, "sysCacheKb": 250000},
  "disks": [{"name": "rdsdbdata", "totalKb": 104857600, "usedKb": 10485760, "usedPc": 10, "availKb": 94371840,
             "availPc": 90, "rdCountPS": 4, "rdBytesPS": 16384, "wrCountPS": 20, "wrBytesPS": 81920}],
  "network": [{"interface": "Ethernet 2", "rdBytesPS": 5000, "wrBytesPS": 7000.5}],
  "system": {"handles": 30000, "threads": 900, "processes": 60},
  "processList": [
    {"name": "sqlservr.exe", "cpuUsedPc": 12.5, "memUsedPc": 60, "pid": 2345, "ppid": 700, "virtKb": 10000000,
     "workingSetKb": 4800000, "workingSetPrivKb": 4700000, "workingSetShareableKb": 100000},
    {"name": "sqlservr.exe", "cpuUsedPc": 3, "memUsedPc": 0, "pid": 2345, "tid": 2400, "virtKb": 0,
     "workingSetKb": 0, "workingSetPrivKb": 0, "workingSetShareableKb": 0},
    {"name": "rdsmon.exe", "cpuUsedPc": 0.5, "memUsedPc": 0.25, "virtKb": 400000, "workingSetKb": 30000,
     "workingSetPrivKb": 20000, "workingSetShareableKb": 10000}
  ]
})";

TEST(OsDocument, ReadsASqlServerDocumentByItsOwnFieldNames) {
  const OsDocument document = parse(kSqlServerDocument);
  EXPECT_EQ(document.engine, "SqlServer");
  EXPECT_EQ(document.instance_id, "erp-sql");
  const Labels ethernet = {{"interface", "Ethernet 2"}};
  const Labels volume = {{"name", "rdsdbdata"}};
  const Labels device = {{"device", "rdsdbdata"}};
  expect_samples(document, {
                               {"rds_os_vcpus", {}, 4},
                               {"rds_os_uptime_seconds", {}, 3 * 86400 + 11 * 3600},
                               {"rds_os_cpu_ratio", {{"mode", "idle"}}, 0.805},
                               {"rds_os_cpu_ratio", {{"mode", "system"}}, 0.045},
                               {"rds_os_cpu_ratio", {{"mode", "user"}}, 0.15},
                               {"rds_os_memory_total_bytes", {}, 8589934592.0},
                               {"rds_os_memory_available_bytes", {}, 2147483648.0},
                               {"rds_os_memory_commit_bytes", {}, 3584000000.0},
                               {"rds_os_memory_commit_limit_bytes", {}, 9216000000.0},
                               {"rds_os_memory_commit_peak_bytes", {}, 4096000000.0},
                               {"rds_os_memory_kernel_bytes", {}, 307200000},
                               {"rds_os_memory_kernel_paged_bytes", {}, 204800000},
                               {"rds_os_memory_kernel_nonpaged_bytes", {}, 102400000},
                               {"rds_os_memory_sql_server_bytes", {}, 5120000000.0},
                               {"rds_os_memory_system_cache_bytes", {}, 256000000},
                               {"rds_os_memory_page_size_bytes", {}, 4096},
                               {"rds_os_handles", {}, 30000},
                               {"rds_os_processes", {}, 60},
                               {"rds_os_threads", {}, 900},
                               {"rds_os_network_receive_bytes_per_second", ethernet, 5000},
                               {"rds_os_network_transmit_bytes_per_second", ethernet, 7000.5},
                               {"rds_os_filesystem_size_bytes", volume, 107374182400.0},
                               {"rds_os_filesystem_used_bytes", volume, 10737418240.0},
                               {"rds_os_filesystem_used_ratio", volume, 0.1},
                               {"rds_os_filesystem_available_bytes", volume, 96636764160.0},
                               {"rds_os_filesystem_available_ratio", volume, 0.9},
                               {"rds_os_disk_reads_per_second", device, 4},
                               {"rds_os_disk_read_bytes_per_second", device, 16384},
                               {"rds_os_disk_writes_per_second", device, 20},
                               {"rds_os_disk_written_bytes_per_second", device, 81920},
                           });
}

// Threads (entries with a tid) are skipped; a process RDS runs has no pid, hence no pid label.
TEST(OsDocument, SqlServerProcessesSkipThreadsAndLabelPidOnlyWhereThereIsOne) {
  OsDocumentOptions options;
  options.processes = true;
  const OsDocument document = parse(kSqlServerDocument, options);
  const Labels sqlservr = {{"process", "sqlservr.exe"}, {"pid", "2345"}};
  const Labels rdsmon = {{"process", "rdsmon.exe"}};
  const std::vector<Want> wants = {
      {"rds_os_process_cpu_ratio", sqlservr, 0.125},
      {"rds_os_process_cpu_ratio", rdsmon, 0.005},
      {"rds_os_process_memory_ratio", sqlservr, 0.6},
      {"rds_os_process_memory_ratio", rdsmon, 0.0025},
      {"rds_os_process_working_set_bytes", sqlservr, 4915200000.0},
      {"rds_os_process_working_set_bytes", rdsmon, 30720000},
      {"rds_os_process_working_set_private_bytes", sqlservr, 4812800000.0},
      {"rds_os_process_working_set_private_bytes", rdsmon, 20480000},
      {"rds_os_process_working_set_shareable_bytes", sqlservr, 102400000},
      {"rds_os_process_working_set_shareable_bytes", rdsmon, 10240000},
      {"rds_os_process_virtual_memory_bytes", sqlservr, 10240000000.0},
      {"rds_os_process_virtual_memory_bytes", rdsmon, 409600000},
  };
  OsDocument processes;
  for (const OsSample& sample : document.samples) {
    if (sample.metric->exposed_name.starts_with("rds_os_process_")) processes.samples.push_back(sample);
  }
  expect_samples(processes, wants);
  EXPECT_EQ(document.samples.size(), 30U + wants.size());
}

constexpr std::string_view kManyProcesses = R"({"processList": [
  {"name": "postgres", "id": 101, "cpuUsedPc": 10, "memoryUsedPc": 1, "rss": 1, "vss": 1, "vmlimit": "unlimited"},
  {"name": "postgres", "id": 103, "cpuUsedPc": 8, "memoryUsedPc": 3, "rss": 1, "vss": 1},
  {"name": "postgres", "id": 102, "cpuUsedPc": 8, "memoryUsedPc": 2, "rss": 1, "vss": 1},
  {"name": "OS processes", "id": 0, "cpuUsedPc": 0.1, "memoryUsedPc": 0.1},
  {"name": "postgres", "id": 104, "cpuUsedPc": 1, "memoryUsedPc": 9, "rss": 1, "vss": 1},
  {"name": "postgres", "id": 105, "cpuUsedPc": 0.5, "memoryUsedPc": 9, "rss": 1, "vss": 1},
  {"name": "checkpointer", "id": 99, "cpuUsedPc": 0.1, "memoryUsedPc": 9, "rss": 1, "vss": 1},
  {"name": "RDS processes", "id": 0, "cpuUsedPc": 0.2, "memoryUsedPc": 4}
]})";

std::vector<std::string> process_pids(const OsDocument& document) {
  std::vector<std::string> pids;
  for (const Labels& labels : labels_of(document, "rds_os_process_cpu_ratio")) {
    pids.push_back(labels.at(0).second + ":" + labels.at(1).second);
  }
  return pids;
}

// The aggregates, then the top N by CPU and by memory; equal values go to the lower pid.
TEST(OsDocument, ChoosesTheAggregatesAndTheTopProcessesByCpuAndByMemory) {
  OsDocumentOptions options;
  options.processes = true;
  options.top_processes = 2;
  // By CPU: 101 (10), then 102 before 103 (8 each). By memory: 99, 104, 105 (9 each), the first two.
  EXPECT_EQ(process_pids(parse(kManyProcesses, options)),
            (std::vector<std::string>{"postgres:101", "postgres:102", "OS processes:0", "postgres:104",
                                      "checkpointer:99", "RDS processes:0"}));
  options.top_processes = 0;
  EXPECT_EQ(process_pids(parse(kManyProcesses, options)),
            (std::vector<std::string>{"OS processes:0", "RDS processes:0"}));
  options.top_processes = -3;
  EXPECT_EQ(process_pids(parse(kManyProcesses, options)).size(), 2U);
  options.top_processes = 100;
  EXPECT_EQ(process_pids(parse(kManyProcesses, options)).size(), 8U);
  options.processes = false;
  EXPECT_EQ(parse(kManyProcesses, options).samples.size(), 0U);
}

// Equal values and no pid: the name decides; a pid comes before none.
TEST(OsDocument, BreaksTiesWithoutAPidByName) {
  OsDocumentOptions options;
  options.processes = true;
  options.top_processes = 1;
  const OsDocument document = parse(R"({"processList": [
    {"name": "rdsmon.exe", "cpuUsedPc": 2, "memUsedPc": 1},
    {"name": "rdsagent.exe", "cpuUsedPc": 2, "memUsedPc": 1},
    {"name": "zz.exe", "pid": 900, "cpuUsedPc": 1, "memUsedPc": 1}
  ]})",
                                    options);
  // CPU: rdsagent.exe (2, by name); memory (1 each): the one with a pid.
  EXPECT_EQ(labels_of(document, "rds_os_process_cpu_ratio"),
            (std::vector<Labels>{{{"process", "rdsagent.exe"}}, {{"process", "zz.exe"}, {"pid", "900"}}}));
}

TEST(OsDocument, ReadsUptimeInEveryFormatAndSkipsAnythingElse) {
  const std::vector<std::pair<std::string, double>> valid = {
      {"329 days, 05:59:09", 329 * 86400.0 + 5 * 3600 + 59 * 60 + 9},
      {"1 day, 00:00:01", 86401},
      {"05:59:09", 5 * 3600 + 59 * 60 + 9},
      {"0:00:00", 0},
      {"100:00:00", 360000},
  };
  for (const auto& [text, seconds] : valid) {
    const OsDocument document = parse(R"({"uptime": ")" + text + R"("})");
    ASSERT_EQ(document.samples.size(), 1U) << text;
    EXPECT_DOUBLE_EQ(document.samples[0].value, seconds) << text;
  }
  for (const char* text : {"", "05:59", "05:60:00", "05:59:60", "5 days 05:59:09", "x days, 00:00:00",
                           "1 week, 00:00:00", "-1 days, 00:00:00", "05:59:09 ", "05:5:09", "05:59:9", "1 days, ",
                           ", 00:00:00", "1  days, 00:00:00", "05::09", "1 day, 1 day, 00:00:00"}) {
    EXPECT_EQ(parse(R"({"uptime": ")" + std::string(text) + R"("})").samples.size(), 0U) << text;
  }
  EXPECT_EQ(parse(R"({"uptime": 3600})").samples.size(), 0U);
}

// Wrong types, non-finite results and unknown fields are skipped; the rest of the document is read.
TEST(OsDocument, SkipsFieldsOfTheWrongTypeAndReadsTheRest) {
  const OsDocument document = parse(R"({
    "engine": 5, "instanceID": ["x"], "instanceResourceID": null, "timestamp": 1709648400,
    "numVCPUs": "2", "uptime": 3600,
    "cpuUtilization": [1, 2],
    "loadAverageMinute": {"one": true, "five": null, "fifteen": 0.75, "twenty": 3},
    "memory": {"total": 1e308, "free": 1024, "active": "1024", "cached": {"kb": 1}},
    "tasks": "many",
    "network": {"interface": "eth0", "rx": 1},
    "diskIO": [7, "x", null, {"device": true, "readIOsPS": 2}, {"device": "nvme1n1", "util": "full", "tps": 3}],
    "physicalDeviceIO": "none",
    "fileSys": [{"name": "rdsfilesys", "mountPoint": "", "usedPercent": 50}],
    "someNewGroup": {"x": 1}
  })");
  EXPECT_EQ(document.engine, "");
  EXPECT_EQ(document.instance_id, "");
  EXPECT_EQ(document.resource_id, "");
  expect_samples(document, {
                               {"rds_os_load15", {}, 0.75},
                               {"rds_os_memory_free_bytes", {}, 1048576},
                               {"rds_os_disk_reads_per_second", {}, 2},
                               {"rds_os_disk_transfers_per_second", {{"device", "nvme1n1"}}, 3},
                               {"rds_os_filesystem_used_ratio", {{"name", "rdsfilesys"}}, 0.5},
                           });
}

// The first sample of a metric and labels stays; an empty label value is left out.
TEST(OsDocument, KeepsTheFirstOfTwoSamplesWithTheSameMetricAndLabels) {
  const OsDocument document = parse(R"({
    "cpuUtilization": {"system": 2, "kern": 3},
    "memory": {"total": 1, "physTotKb": 2},
    "network": [{"interface": "eth0", "rx": 1, "rdBytesPS": 9}, {"interface": "eth0", "rx": 2},
                {"interface": "eth1", "rx": 3}],
    "diskIO": [{"device": "", "readIOsPS": 1}, {"readIOsPS": 2}, {"device": "", "readIOsPS": 4}],
    "fileSys": [{"name": "a", "mountPoint": "/a", "used": 1}, {"name": "a", "mountPoint": "/b", "used": 2}]
  })");
  expect_samples(document, {
                               {"rds_os_cpu_ratio", {{"mode", "system"}}, 0.02},
                               {"rds_os_memory_total_bytes", {}, 1024},
                               {"rds_os_network_receive_bytes_per_second", {{"interface", "eth0"}}, 1},
                               {"rds_os_network_receive_bytes_per_second", {{"interface", "eth1"}}, 3},
                               {"rds_os_disk_reads_per_second", {}, 1},
                               {"rds_os_aurora_storage_reads_per_second", {}, 2},
                               {"rds_os_filesystem_used_bytes", {{"name", "a"}, {"mountpoint", "/a"}}, 1024},
                               {"rds_os_filesystem_used_bytes", {{"name", "a"}, {"mountpoint", "/b"}}, 2048},
                           });
}

TEST(OsDocument, FailsOnlyWhenTheTextIsNotAJsonObject) {
  for (const std::string& text :
       {std::string(""), std::string("{"), std::string("[1, 2]"), std::string("null"), std::string("\"text\""),
        std::string("42"), std::string(R"({"numVCPUs": 2} trailing)"), std::string(R"({"numVCPUs": 1E400})"),
        std::string("{\"engine\": \"\xff\"}"), std::string(200000, '['),
        std::string("{\"a\":") + std::string(1, '\0')}) {
    const auto parsed = parse_os_document(text, {});
    ASSERT_FALSE(parsed) << text.substr(0, 40);
    EXPECT_FALSE(parsed.error().empty());
  }
  const auto empty = parse_os_document("{}", {});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->samples.empty());
}

TEST(OsFields, EveryFieldFeedsACatalogMetricAndEveryCatalogMetricIsFed) {
  std::set<std::string_view> fed;
  for (const OsField& field : os_fields()) {
    EXPECT_NE(catalog::find_os_metric(field.metric), nullptr) << field.group << "." << field.field;
    fed.insert(field.metric);
  }
  for (const catalog::MetricSpec& metric : catalog::os_metric_catalog()) {
    EXPECT_TRUE(fed.contains(metric.exposed_name)) << metric.exposed_name;
  }
}

// docs/enhanced-monitoring.md's mapping table is this one: RDS_EXPORTER_UPDATE_DOCS=1 rewrites it.
TEST(OsFields, TheDocsTableIsTheTable) {
  testing::expect_docs_section(
      "enhanced-monitoring.md", "os-metrics-table", "tests/collection", os_metrics_markdown_table(),
      "build/tests/collection/os_document_test --gtest_filter=OsFields.TheDocsTableIsTheTable");
}

}  // namespace
}  // namespace rds_exporter::collection
