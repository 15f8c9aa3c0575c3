#include "sim/cloudwatch/java_double.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace rds_exporter::sim::cloudwatch {

void append_java_double(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::signbit(value)) out += '-';
  value = std::fabs(value);
  if (std::isinf(value)) {
    out += "Infinity";
    return;
  }
  if (value == 0) {
    out += "0.0";
    return;
  }
  // The shortest round-trip digits, as d.ddde±x, split into the digits and the decimal exponent.
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = text.find('e');
  std::string digits(1, text.front());
  if (e > 1) digits.append(text.substr(2, e - 2));
  int exponent = 0;
  const std::string_view exponent_text = text.substr(e + (text[e + 1] == '+' ? 2 : 1));
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);

  if (value >= 1e-3 && value < 1e7) {
    if (exponent < 0) {
      out.append("0.").append(static_cast<std::size_t>(-exponent - 1), '0').append(digits);
      return;
    }
    const auto whole = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= whole) {
      out.append(digits).append(whole - digits.size(), '0').append(".0");
    } else {
      out.append(digits, 0, whole).append(".").append(digits, whole);
    }
    return;
  }
  out += digits.front();
  out += '.';
  out.append(digits.size() > 1 ? std::string_view(digits).substr(1) : std::string_view("0"));
  out += 'E';
  out += std::to_string(exponent);
}

}  // namespace rds_exporter::sim::cloudwatch
