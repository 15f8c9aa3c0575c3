#pragma once

#include <string>

namespace rds_exporter::sim::cloudwatch {

// Appends `value` as Java's Double.toString writes it, which is how CloudWatch, a Java service, puts doubles in
// both its XML and its JSON: the shortest digits that read back as the same double, "12.5" and "11.0" from
// 10^-3 up to 10^7, "1.6924672E8" and "1.0E-4" outside, "NaN", "Infinity". Clients must read all of these.
void append_java_double(std::string& out, double value);

}  // namespace rds_exporter::sim::cloudwatch
