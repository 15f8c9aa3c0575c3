#pragma once

#include "exposition/metric_family.h"

#include <span>
#include <string>

namespace rds_exporter::exposition {

// The Content-Type of the Prometheus text exposition format that append_text writes.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// Appends one family in the text format 0.0.4. A family without samples writes nothing: a HELP/TYPE
// pair with no sample carries no data, and the official Go client refuses to write one.
void append_text(std::string& out, const MetricFamily& family);

// Appends the families in order. Family names must be unique across the whole body.
void append_text(std::string& out, std::span<const MetricFamily> families);

std::string to_text(std::span<const MetricFamily> families);

}  // namespace rds_exporter::exposition
