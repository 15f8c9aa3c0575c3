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
