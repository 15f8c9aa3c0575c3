#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rds_exporter::exposition {

// The pieces of the text format 0.0.4 that writers building lines by hand share with append_text: the fleet
// page writes its series straight into one string rather than as MetricFamily objects (see
// publishing/prometheus_publisher.cpp).

// HELP text escapes backslash and newline; label values (escape_quote) also the double quote.
void append_escaped(std::string& out, std::string_view text, bool escape_quote);

// The shortest form that parses back to the same double; NaN, +Inf and -Inf as Prometheus spells them.
void append_value(std::string& out, double value);

void append_integer(std::string& out, std::int64_t value);

}  // namespace rds_exporter::exposition
