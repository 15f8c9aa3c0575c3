#include "sim/cloudwatch/get_metric_statistics_output.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/java_double.h"
#include "sim/cloudwatch/json_text.h"
#include "sim/common/iso8601.h"
#include "sim/protocol/query_response.h"

namespace rds_exporter::sim::cloudwatch {
namespace {

constexpr std::string_view kBasicNames[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};

std::string java_double(double value) {
  std::string text;
  append_java_double(text, value);
  return text;
}

void write_datapoint(XmlWriter& xml, const StatisticsDatapoint& datapoint, std::string_view unit) {
  xml.open("member");
  xml.text("Timestamp", iso8601(std::chrono::sys_seconds{std::chrono::seconds{datapoint.timestamp}}));
  for (std::size_t k = 0; k < datapoint.basic.size(); ++k) {
    if (datapoint.basic[k]) xml.text(kBasicNames[k], java_double(*datapoint.basic[k]));
  }
  xml.text("Unit", unit);
  if (!datapoint.percentiles.empty()) {
    xml.open("ExtendedStatistics");
    for (const auto& [name, value] : datapoint.percentiles) {
      xml.open("entry");
      xml.text("key", name);
      xml.text("value", java_double(value));
      xml.close("entry");
    }
    xml.close("ExtendedStatistics");
  }
  xml.close("member");
}

void append_datapoint_json(std::string& out, const StatisticsDatapoint& datapoint, std::string_view unit) {
  out += R"({"Timestamp":)";
  append_java_double(out, static_cast<double>(datapoint.timestamp));
  for (std::size_t k = 0; k < datapoint.basic.size(); ++k) {
    if (!datapoint.basic[k]) continue;
    out += ',';
    append_json_string(out, kBasicNames[k]);
    out += ':';
    append_java_double(out, *datapoint.basic[k]);
  }
  out += R"(,"Unit":)";
  append_json_string(out, unit);
  if (!datapoint.percentiles.empty()) {
    out += R"(,"ExtendedStatistics":{)";
    for (std::size_t i = 0; i < datapoint.percentiles.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, datapoint.percentiles[i].first);
      out += ':';
      append_java_double(out, datapoint.percentiles[i].second);
    }
    out += '}';
  }
  out += '}';
}

}  // namespace

std::string get_metric_statistics_xml(const MetricStatistics& statistics, std::string_view request_id) {
  return query_response(
      "GetMetricStatistics", kXmlNamespace, request_id,
      [&](XmlWriter& xml) {
        xml.text("Label", statistics.label);
        if (statistics.datapoints.empty()) {
          xml.empty("Datapoints");
          return;
        }
        xml.open("Datapoints");
        for (const auto& datapoint : statistics.datapoints) write_datapoint(xml, datapoint, statistics.unit);
        xml.close("Datapoints");
      },
      1024 + statistics.datapoints.size() * 256);
}

std::string get_metric_statistics_json(const MetricStatistics& statistics) {
  std::string out = R"({"Label":)";
  append_json_string(out, statistics.label);
  out += R"(,"Datapoints":[)";
  for (std::size_t i = 0; i < statistics.datapoints.size(); ++i) {
    if (i > 0) out += ',';
    append_datapoint_json(out, statistics.datapoints[i], statistics.unit);
  }
  out += "]}";
  return out;
}

}  // namespace rds_exporter::sim::cloudwatch
