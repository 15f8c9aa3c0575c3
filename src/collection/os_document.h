#pragma once

#include "catalog/metric_catalog.h"
#include "common/expected.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rds_exporter::collection {

// One value of an Enhanced Monitoring document: an OS metric (catalog/os_metric_catalog.h), its labels within
// the instance (mode, interface, device, name, mountpoint, process, pid), its value in the metric's base unit.
struct OsSample {
  const catalog::MetricSpec* metric = nullptr;
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

// What one document says: whose it is, and its samples. When is the CloudWatch Logs event's timestamp (epoch
// milliseconds, the sample's time), which the reader has already; the document's own "timestamp" text is not read.
struct OsDocument {
  std::string engine;       // "MySQL", "Aurora", "SqlServer", ... as RDS writes it
  std::string instance_id;  // instanceID: the DBInstanceIdentifier
  std::string resource_id;  // instanceResourceID: the DbiResourceId, the CloudWatch Logs stream's name
  std::vector<OsSample> samples;
};

struct OsDocumentOptions {
  // processList's per-process metrics: off by default, since every process is a series of its own.
  bool processes = false;
  // With processes: besides the "OS processes" and "RDS processes" aggregates, the top N by CPU and the top N by
  // memory (their union).
  int top_processes = 5;
};

// One Enhanced Monitoring document (the `message` of a CloudWatch Logs event). Fails only when the text is not a
// JSON object; a field of the wrong type, a non-finite number or an unknown field is skipped. Schema-driven: the
// Linux and the SQL Server (Windows) documents are read by the same table (os_fields()), each group as far as its
// fields are known. Samples come in the table's order, then the document's entry order; within one document no
// two samples share a metric and labels (the first is kept); a label whose value is empty is left out. Never
// throws.
common::Expected<OsDocument, std::string> parse_os_document(std::string_view json, const OsDocumentOptions& options);

// How a document value becomes the metric's base unit (os_document.cpp's texts for the docs follow this order).
enum class OsConversion {
  none,
  kilobytes,     // × 1024
  percent,       // ÷ 100
  milliseconds,  // ÷ 1000
  uptime,        // "329 days, 05:59:09", "1 day, 00:00:01" or "05:59:09" → seconds
};

// Which entries of the field's group a row reads.
enum class OsEntries {
  object,          // the group is an object (or, for group "", the document itself)
  each,            // every entry of the group's array
  with_device,     // diskIO entries that have a `device` member
  without_device,  // diskIO entries that do not: Aurora's cluster storage
  processes,       // processList entries chosen by OsDocumentOptions (threads, which have a `tid`, never)
};

// Which documents have the field: the Linux schema (every engine but SQL Server), SQL Server's, both, or Aurora's
// only (os_document.cpp's texts for the docs follow this order).
enum class OsSchema { linux_engines, sql_server, both, aurora };

// A label taken from a member of an array entry: string values as they are, integers as decimal text. When two
// sources give the same label, the first one present wins.
struct OsLabelSource {
  std::string_view label;
  std::string_view field;
};

// One document field and the metric it feeds.
struct OsField {
  std::string_view group;  // "" for the document's top level
  std::string_view field;
  std::string_view metric;  // an exposed_name of catalog::os_metric_catalog()
  OsConversion conversion = OsConversion::none;
  OsEntries entries = OsEntries::object;
  std::span<const OsLabelSource> labels;
  // A label of constant value (cpuUtilization's mode), when label is not empty.
  std::pair<std::string_view, std::string_view> constant_label;
  OsSchema schema = OsSchema::linux_engines;
};

// Every field the parser reads into a sample, in the order samples come out.
std::span<const OsField> os_fields();

// docs/enhanced-monitoring.md's mapping table, as Markdown rows (header included), from os_fields().
std::string os_metrics_markdown_table();

}  // namespace rds_exporter::collection
