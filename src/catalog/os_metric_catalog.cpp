#include "catalog/os_metric_catalog.h"

#include <algorithm>
#include <iterator>

#include "catalog/table_constants.h"

namespace rds_exporter::catalog {
namespace {

// Enhanced Monitoring runs on every engine: the Linux schema on MySQL, MariaDB, PostgreSQL, Oracle, Db2 and
// Aurora, the Windows one on SQL Server.
constexpr EngineSet kEveryEngine = engine_set(EngineFamily::mysql) | engine_set(EngineFamily::mariadb) |
                                   engine_set(EngineFamily::postgres) | engine_set(EngineFamily::oracle) |
                                   engine_set(EngineFamily::sqlserver) | engine_set(EngineFamily::db2) |
                                   engine_set(EngineFamily::aurora_mysql) | engine_set(EngineFamily::aurora_postgres);

// The base units the parser converts to (KB to bytes, percent to ratios, milliseconds to seconds): the
// StandardUnit names of catalog/table_constants.h, and Ratio, which StandardUnit lacks.
constexpr std::string_view kRatio = "Ratio";

// One row: the Prometheus name is both `name` and `exposed_name`. The descriptions follow AWS's "OS metrics in
// Enhanced Monitoring", with its units replaced by the base units of the values.
constexpr MetricSpec os(std::string_view name, std::string_view unit, std::string_view description) {
  MetricSpec spec;
  spec.name = name;
  spec.unit = unit;
  spec.scope = MetricScope::instance;
  spec.engines = kEveryEngine;
  spec.description = description;
  spec.exposed_name = name;
  return spec;
}

constexpr MetricSpec kOsCatalog[] = {
    // General.
    os("rds_os_vcpus", kCount, "The number of virtual CPUs for the DB instance"),
    os("rds_os_uptime_seconds", kSeconds, "The amount of time that the DB instance has been active"),
    // cpuUtilization.
    os("rds_os_cpu_ratio", kRatio,
       "The fraction of CPU in use by mode: guest programs, idle, software interrupts (irq), programs at lowest "
       "priority (nice), other virtual machines (steal), the kernel (system; SQL Server's kern), user programs, "
       "waiting for I/O (wait)"),
    os("rds_os_cpu_utilization_ratio", kRatio, "The total fraction of the CPU in use, including nice"),
    // loadAverageMinute.
    os("rds_os_load1", kNone, "The number of processes requesting CPU time over the last minute"),
    os("rds_os_load5", kNone, "The number of processes requesting CPU time over the last 5 minutes"),
    os("rds_os_load15", kNone, "The number of processes requesting CPU time over the last 15 minutes"),
    // memory, Linux.
    os("rds_os_memory_active_bytes", kBytes, "The amount of assigned memory"),
    os("rds_os_memory_buffers_bytes", kBytes,
       "The amount of memory used for buffering I/O requests prior to writing to the storage device"),
    os("rds_os_memory_cached_bytes", kBytes, "The amount of memory used for caching file system-based I/O"),
    os("rds_os_memory_dirty_bytes", kBytes,
       "The amount of memory pages in RAM that have been modified but not written to their data block in storage"),
    os("rds_os_memory_free_bytes", kBytes, "The amount of unassigned memory"),
    os("rds_os_memory_inactive_bytes", kBytes, "The amount of least-frequently used memory pages"),
    os("rds_os_memory_mapped_bytes", kBytes,
       "The total amount of file-system contents that is memory mapped inside a process address space"),
    os("rds_os_memory_page_tables_bytes", kBytes, "The amount of memory used by page tables"),
    os("rds_os_memory_slab_bytes", kBytes, "The amount of reusable kernel data structures"),
    os("rds_os_memory_total_bytes", kBytes, "The total amount of memory (SQL Server: physical memory)"),
    os("rds_os_memory_writeback_bytes", kBytes,
       "The amount of dirty pages in RAM that are still being written to the backing storage"),
    os("rds_os_memory_huge_pages", kCount, "The total number of huge pages"),
    os("rds_os_memory_huge_pages_free", kCount, "The number of free huge pages"),
    os("rds_os_memory_huge_pages_reserved", kCount, "The number of committed huge pages"),
    os("rds_os_memory_huge_pages_surplus", kCount, "The number of available surplus huge pages over the total"),
    os("rds_os_memory_huge_page_size_bytes", kBytes, "The size of each huge page"),
    // memory, SQL Server.
    os("rds_os_memory_available_bytes", kBytes, "The amount of available physical memory"),
    os("rds_os_memory_commit_bytes", kBytes,
       "The amount of pagefile-backed virtual address space in use, that is, the current commit charge"),
    os("rds_os_memory_commit_limit_bytes", kBytes,
       "The maximum possible commit charge: the pagefile size plus the physical memory available for pageable "
       "contents"),
    os("rds_os_memory_commit_peak_bytes", kBytes,
       "The largest commit charge since the operating system was last started"),
    os("rds_os_memory_kernel_bytes", kBytes, "The sum of the memory in the paged and nonpaged kernel pools"),
    os("rds_os_memory_kernel_paged_bytes", kBytes, "The amount of memory in the paged kernel pool"),
    os("rds_os_memory_kernel_nonpaged_bytes", kBytes, "The amount of memory in the nonpaged kernel pool"),
    os("rds_os_memory_sql_server_bytes", kBytes, "The amount of memory committed to SQL Server"),
    os("rds_os_memory_system_cache_bytes", kBytes, "The amount of system cache memory"),
    os("rds_os_memory_page_size_bytes", kBytes, "The size of a page"),
    // tasks.
    os("rds_os_tasks_blocked", kCount, "The number of tasks that are blocked"),
    os("rds_os_tasks_running", kCount, "The number of tasks that are running"),
    os("rds_os_tasks_sleeping", kCount, "The number of tasks that are sleeping"),
    os("rds_os_tasks_stopped", kCount, "The number of tasks that are stopped"),
    os("rds_os_tasks_zombie", kCount, "The number of child tasks that are inactive with an active parent task"),
    os("rds_os_tasks", kCount, "The total number of tasks"),
    // swap.
    os("rds_os_swap_cached_bytes", kBytes, "The amount of swap memory used as cache memory"),
    os("rds_os_swap_free_bytes", kBytes, "The amount of free swap memory"),
    os("rds_os_swap_total_bytes", kBytes, "The total amount of swap memory available"),
    os("rds_os_swap_in_bytes", kBytes, "The amount of memory swapped in from disk"),
    os("rds_os_swap_out_bytes", kBytes, "The amount of memory swapped out to disk"),
    // system, SQL Server.
    os("rds_os_handles", kCount, "The number of handles that the operating system is using"),
    os("rds_os_processes", kCount, "The number of processes running on the operating system"),
    os("rds_os_threads", kCount, "The number of threads running on the operating system"),
    // network.
    os("rds_os_network_receive_bytes_per_second", kBytesPerSecond, "The number of bytes received per second"),
    os("rds_os_network_transmit_bytes_per_second", kBytesPerSecond, "The number of bytes uploaded per second"),
    // diskIO with a device, and SQL Server's disks.
    os("rds_os_disk_queue_length", kCount, "The number of requests waiting in the I/O device's queue"),
    os("rds_os_disk_request_size_bytes", kBytes, "The average request size"),
    os("rds_os_disk_await_seconds", kSeconds,
       "The time required to respond to requests, including queue time and service time"),
    os("rds_os_disk_reads_per_second", kCountPerSecond, "The number of read operations per second"),
    os("rds_os_disk_read_bytes", kBytes, "The total amount read"),
    os("rds_os_disk_read_bytes_per_second", kBytesPerSecond, "The amount read per second"),
    os("rds_os_disk_read_merges_per_second", kCountPerSecond, "The number of merged read requests queued per second"),
    os("rds_os_disk_transfers_per_second", kCountPerSecond, "The number of I/O transactions per second"),
    os("rds_os_disk_utilization_ratio", kRatio, "The fraction of CPU time during which requests were issued"),
    os("rds_os_disk_writes_per_second", kCountPerSecond, "The number of write operations per second"),
    os("rds_os_disk_written_bytes", kBytes, "The total amount written"),
    os("rds_os_disk_written_bytes_per_second", kBytesPerSecond, "The amount written per second"),
    os("rds_os_disk_write_merges_per_second", kCountPerSecond, "The number of merged write requests queued per second"),
    // diskIO without a device: Aurora's cluster storage.
    os("rds_os_aurora_storage_read_latency_seconds", kSeconds,
       "Aurora storage: the elapsed time between the submission of a read I/O request and its completion"),
    os("rds_os_aurora_storage_write_latency_seconds", kSeconds,
       "Aurora storage: the elapsed time between the submission of a write I/O request and its completion"),
    os("rds_os_aurora_storage_read_bytes_per_second", kBytesPerSecond,
       "Aurora storage: the amount of network throughput used by read requests to the DB cluster"),
    os("rds_os_aurora_storage_write_bytes_per_second", kBytesPerSecond,
       "Aurora storage: the amount of network throughput used by write requests to the DB cluster"),
    os("rds_os_aurora_storage_reads_per_second", kCountPerSecond,
       "Aurora storage: the number of read operations per second"),
    os("rds_os_aurora_storage_writes_per_second", kCountPerSecond,
       "Aurora storage: the number of write operations per second"),
    os("rds_os_aurora_storage_queue_depth", kCount,
       "Aurora storage: the number of outstanding I/O requests waiting to access the disk"),
    // physicalDeviceIO: the devices under a volume.
    os("rds_os_physical_disk_queue_length", kCount,
       "Physical device: the number of requests waiting in the I/O device's queue"),
    os("rds_os_physical_disk_request_size_bytes", kBytes, "Physical device: the average request size"),
    os("rds_os_physical_disk_await_seconds", kSeconds,
       "Physical device: the time required to respond to requests, including queue time and service time"),
    os("rds_os_physical_disk_reads_per_second", kCountPerSecond,
       "Physical device: the number of read operations per second"),
    os("rds_os_physical_disk_read_bytes", kBytes, "Physical device: the total amount read"),
    os("rds_os_physical_disk_read_bytes_per_second", kBytesPerSecond, "Physical device: the amount read per second"),
    os("rds_os_physical_disk_read_merges_per_second", kCountPerSecond,
       "Physical device: the number of merged read requests queued per second"),
    os("rds_os_physical_disk_transfers_per_second", kCountPerSecond,
       "Physical device: the number of I/O transactions per second"),
    os("rds_os_physical_disk_utilization_ratio", kRatio,
       "Physical device: the fraction of CPU time during which requests were issued"),
    os("rds_os_physical_disk_writes_per_second", kCountPerSecond,
       "Physical device: the number of write operations per second"),
    os("rds_os_physical_disk_written_bytes", kBytes, "Physical device: the total amount written"),
    os("rds_os_physical_disk_written_bytes_per_second", kBytesPerSecond,
       "Physical device: the amount written per second"),
    os("rds_os_physical_disk_write_merges_per_second", kCountPerSecond,
       "Physical device: the number of merged write requests queued per second"),
    // fileSys, and SQL Server's disks.
    os("rds_os_filesystem_files", kCount, "The maximum number of files that can be created for the file system"),
    os("rds_os_filesystem_files_used", kCount, "The number of files in the file system"),
    os("rds_os_filesystem_files_used_ratio", kRatio, "The fraction of available files in use"),
    os("rds_os_filesystem_size_bytes", kBytes, "The total amount of disk space available for the file system"),
    os("rds_os_filesystem_used_bytes", kBytes, "The amount of disk space used by files in the file system"),
    os("rds_os_filesystem_used_ratio", kRatio, "The fraction of the file-system disk space in use"),
    os("rds_os_filesystem_available_bytes", kBytes, "The amount of space available"),
    os("rds_os_filesystem_available_ratio", kRatio, "The fraction of space available"),
    // processList, with the exporter's processes option only.
    os("rds_os_process_cpu_ratio", kRatio, "The fraction of CPU used by the process"),
    os("rds_os_process_memory_ratio", kRatio, "The fraction of the total memory used by the process"),
    os("rds_os_process_resident_memory_bytes", kBytes, "The amount of RAM allocated to the process"),
    os("rds_os_process_virtual_memory_bytes", kBytes, "The amount of virtual memory allocated to the process"),
    os("rds_os_process_working_set_bytes", kBytes,
       "The process's private working set plus the memory in use by it that can be shared with other processes"),
    os("rds_os_process_working_set_private_bytes", kBytes,
       "The amount of memory in use by the process that can't be shared with other processes"),
    os("rds_os_process_working_set_shareable_bytes", kBytes,
       "The amount of memory in use by the process that can be shared with other processes"),
};

}  // namespace

std::span<const MetricSpec> os_metric_catalog() { return kOsCatalog; }

const MetricSpec* find_os_metric(std::string_view exposed_name) {
  const auto* found = std::find_if(std::begin(kOsCatalog), std::end(kOsCatalog),
                                   [&](const MetricSpec& metric) { return metric.exposed_name == exposed_name; });
  return found == std::end(kOsCatalog) ? nullptr : found;
}

}  // namespace rds_exporter::catalog
