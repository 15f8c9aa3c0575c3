#include "sim/cloudwatch/list_metrics_output.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/json_text.h"
#include "sim/protocol/query_response.h"

namespace rds_exporter::sim::cloudwatch {

std::string list_metrics_xml(const MetricsPage& page, std::string_view request_id) {
  return query_response(
      "ListMetrics", kXmlNamespace, request_id,
      [&](XmlWriter& xml) {
        if (page.metrics.empty()) {
          xml.empty("Metrics");
        } else {
          xml.open("Metrics");
          for (const MetricSeries& series : page.metrics) {
            xml.open("member");
            xml.text("Namespace", kRdsNamespace);
            xml.text("MetricName", series.metric->name);
            xml.open("Dimensions");
            xml.open("member");
            xml.text("Name", series.dimension_name());
            xml.text("Value", series.source_id);
            xml.close("member");
            xml.close("Dimensions");
            xml.close("member");
          }
          xml.close("Metrics");
        }
        if (page.next_token) xml.text("NextToken", *page.next_token);
      },
      1024 + page.metrics.size() * 320);
}

std::string list_metrics_json(const MetricsPage& page) {
  std::string out = R"({"Metrics":[)";
  for (std::size_t i = 0; i < page.metrics.size(); ++i) {
    const MetricSeries& series = page.metrics[i];
    if (i > 0) out += ',';
    out += R"({"Namespace":)";
    append_json_string(out, kRdsNamespace);
    out += R"(,"MetricName":)";
    append_json_string(out, series.metric->name);
    out += R"(,"Dimensions":[{"Name":)";
    append_json_string(out, series.dimension_name());
    out += R"(,"Value":)";
    append_json_string(out, series.source_id);
    out += "}]}";
  }
  out += ']';
  if (page.next_token) {
    out += R"(,"NextToken":)";
    append_json_string(out, *page.next_token);
  }
  out += '}';
  return out;
}

}  // namespace rds_exporter::sim::cloudwatch
