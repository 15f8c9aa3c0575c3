#include "exposition/text_format.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace rds_exporter::exposition {
namespace {

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
    case MetricType::untyped:
      break;
  }
  return "untyped";
}

// HELP text escapes backslash and newline; label values additionally escape the double quote.
void append_escaped(std::string& out, std::string_view text, bool escape_quote) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\' && c != '\n' && !(escape_quote && c == '"')) continue;
    out.append(text, start, i - start);
    out += '\\';
    out += c == '\n' ? 'n' : c;
    start = i + 1;
  }
  out.append(text, start);
}

void append_value(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    // Shortest representation that parses back to the same double: exact, and no longer than needed.
    std::array<char, 32> buffer;
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
  }
}

void append_integer(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer;
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), result.ptr);
}

void append_sample(std::string& out, const std::string& name, const Sample& sample) {
  out += name;
  out += sample.name_suffix;
  if (!sample.labels.empty()) {
    out += '{';
    for (std::size_t i = 0; i < sample.labels.size(); ++i) {
      if (i > 0) out += ',';
      out += sample.labels[i].name;
      out += "=\"";
      append_escaped(out, sample.labels[i].value, true);
      out += '"';
    }
    out += '}';
  }
  out += ' ';
  append_value(out, sample.value);
  if (sample.timestamp_ms) {
    out += ' ';
    append_integer(out, *sample.timestamp_ms);
  }
  out += '\n';
}

}  // namespace

void append_text(std::string& out, const MetricFamily& family) {
  if (family.samples.empty()) return;
  if (!family.help.empty()) {
    out += "# HELP ";
    out += family.name;
    out += ' ';
    append_escaped(out, family.help, false);
    out += '\n';
  }
  out += "# TYPE ";
  out += family.name;
  out += ' ';
  out += type_name(family.type);
  out += '\n';
  for (const auto& sample : family.samples) append_sample(out, family.name, sample);
}

void append_text(std::string& out, std::span<const MetricFamily> families) {
  for (const auto& family : families) append_text(out, family);
}

std::string to_text(std::span<const MetricFamily> families) {
  std::string out;
  append_text(out, families);
  return out;
}

}  // namespace rds_exporter::exposition
