#pragma once

#include "exposition/metric_family.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rds_exporter::exposition {

// The Content-Type of the Prometheus text exposition format that append_text writes.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr char kOpenMetricsContentType[] = "application/openmetrics-text; version=1.0.0; charset=utf-8";
// What ends an OpenMetrics exposition.
inline constexpr char kOpenMetricsEof[] = "# EOF\n";

// The two formats /metrics speaks, chosen by the scrape's Accept header (http::negotiate_format).
enum class Format {
  // Prometheus text format 0.0.4.
  text,
  // OpenMetrics 1.0.0 text (OpenObservability/OpenMetrics specification/OpenMetrics.md): a counter family is
  // named without _total (its samples keep it), an *_info gauge is an info family, # UNIT where the name ends in
  // the unit, timestamps in seconds, double quotes escaped in HELP, and # EOF at the end (the caller's).
  openmetrics,
};

// Where a table kept per format (a page's texts, a cache) holds `format`: text 0, OpenMetrics 1.
inline constexpr std::size_t kFormatCount = 2;
constexpr std::size_t format_index(Format format) { return format == Format::openmetrics ? 1 : 0; }

std::string_view content_type(Format format);

// Appends one family. A family without samples writes nothing: a HELP/TYPE pair with no sample carries no data,
// and the official Go client refuses to write one.
void append_text(std::string& out, const MetricFamily& family, Format format = Format::text);

// Appends the families in order. Family names must be unique across the whole body.
void append_text(std::string& out, std::span<const MetricFamily> families, Format format = Format::text);

std::string to_text(std::span<const MetricFamily> families, Format format = Format::text);

// The pieces of an OpenMetrics family header that differ from 0.0.4, for writers that do not build
// MetricFamily objects (the fleet's page): the family name for HELP, TYPE and UNIT lines given the sample name
// and type ("rds_instance_info", gauge → "rds_instance", info; "x_total", counter → "x"), the type's name, and
// the unit the name ends in ("seconds" for "..._seconds"), empty when none.
struct OpenMetricsHeader {
  std::string_view family;
  std::string_view type;
  std::string_view unit;
};
OpenMetricsHeader openmetrics_header(std::string_view name, MetricType type);

// Appends "# HELP", "# TYPE" (and in OpenMetrics "# UNIT") lines of a family.
void append_header(std::string& out, std::string_view name, std::string_view help, MetricType type, Format format);

// Appends a sample's timestamp, given in milliseconds since the epoch: as is in 0.0.4, in seconds in OpenMetrics.
void append_timestamp(std::string& out, std::int64_t milliseconds, Format format);

}  // namespace rds_exporter::exposition
