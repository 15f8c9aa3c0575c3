#include "exposition/text_format.h"

#include "exposition/text_escaping.h"

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

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

void append_sample(std::string& out, const std::string& name, const Sample& sample, Format format) {
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
    append_timestamp(out, *sample.timestamp_ms, format);
  }
  out += '\n';
}

}  // namespace

std::string_view content_type(Format format) {
  return format == Format::openmetrics ? kOpenMetricsContentType : kTextContentType;
}

OpenMetricsHeader openmetrics_header(std::string_view name, MetricType type) {
  OpenMetricsHeader header{name, type_name(type), {}};
  if (type == MetricType::counter && ends_with(name, "_total")) {
    header.family = name.substr(0, name.size() - 6);
  } else if (type == MetricType::gauge && ends_with(name, "_info")) {
    header.family = name.substr(0, name.size() - 5);
    header.type = "info";
  } else if (type == MetricType::untyped) {
    header.type = "unknown";
  }
  // Base units only (Prometheus naming), and only where the name ends in one, as OpenMetrics requires.
  for (const std::string_view unit : {"seconds", "bytes", "ratio", "celsius", "volts", "amperes", "joules", "grams",
                                      "meters"}) {
    if (ends_with(header.family, unit) && header.family[header.family.size() - unit.size() - 1] == '_') {
      header.unit = unit;
      break;
    }
  }
  return header;
}

void append_header(std::string& out, std::string_view name, std::string_view help, MetricType type, Format format) {
  std::string_view family = name;
  std::string_view type_text = type_name(type);
  std::string_view unit;
  if (format == Format::openmetrics) {
    const OpenMetricsHeader header = openmetrics_header(name, type);
    family = header.family;
    type_text = header.type;
    unit = header.unit;
  }
  if (!help.empty()) {
    out += "# HELP ";
    out += family;
    out += ' ';
    // OpenMetrics' escaped-string has no bare double quote.
    append_escaped(out, help, format == Format::openmetrics);
    out += '\n';
  }
  out += "# TYPE ";
  out += family;
  out += ' ';
  out += type_text;
  out += '\n';
  if (!unit.empty()) {
    out += "# UNIT ";
    out += family;
    out += ' ';
    out += unit;
    out += '\n';
  }
}

void append_timestamp(std::string& out, std::int64_t milliseconds, Format format) {
  if (format == Format::text) {
    append_integer(out, milliseconds);
    return;
  }
  // Seconds, with the milliseconds as decimals when there are any.
  if (milliseconds < 0) {
    out += '-';
    milliseconds = -milliseconds;
  }
  const std::int64_t rest = milliseconds % 1000;
  append_integer(out, milliseconds / 1000);
  if (rest == 0) return;
  out += '.';
  out += static_cast<char>('0' + rest / 100);
  out += static_cast<char>('0' + rest / 10 % 10);
  out += static_cast<char>('0' + rest % 10);
}

void append_text(std::string& out, const MetricFamily& family, Format format) {
  if (family.samples.empty()) return;
  append_header(out, family.name, family.help, family.type, format);
  for (const auto& sample : family.samples) append_sample(out, family.name, sample, format);
}

void append_text(std::string& out, std::span<const MetricFamily> families, Format format) {
  for (const auto& family : families) append_text(out, family, format);
}

std::string to_text(std::span<const MetricFamily> families, Format format) {
  std::string out;
  append_text(out, families, format);
  return out;
}

}  // namespace rds_exporter::exposition
