#include "sim/cloudwatch/get_metric_data_output.h"

#include "sim/cloudwatch/cloudwatch_api.h"
#include "sim/cloudwatch/java_double.h"
#include "sim/cloudwatch/json_text.h"
#include "sim/common/iso8601.h"
#include "sim/protocol/query_response.h"

#include <unordered_map>

namespace rds_exporter::sim::cloudwatch {
namespace {

std::string_view status_code(const MetricDataResult& result) { return result.complete ? "Complete" : "PartialData"; }

std::size_t datapoint_count(const MetricDataPage& page) {
  std::size_t count = 0;
  for (const MetricDataResult& result : page.results) count += result.values.size();
  return count;
}

// The ISO-8601 text of each timestamp, written once: a page's queries mostly share their timestamps.
class TimestampTexts {
 public:
  const std::string& operator()(std::int64_t time) {
    auto [it, inserted] = texts_.try_emplace(time);
    if (inserted) it->second = iso8601(std::chrono::sys_seconds{std::chrono::seconds{time}});
    return it->second;
  }

 private:
  std::unordered_map<std::int64_t, std::string> texts_;
};

void write_result(XmlWriter& xml, const MetricDataResult& result, TimestampTexts& timestamps, std::string& number) {
  xml.open("member");
  xml.text("Id", result.id);
  xml.text("Label", result.label);
  if (result.timestamps.empty()) {
    xml.empty("Timestamps");
    xml.empty("Values");
  } else {
    xml.open("Timestamps");
    for (const std::int64_t time : result.timestamps) xml.text("member", timestamps(time));
    xml.close("Timestamps");
    xml.open("Values");
    for (const double value : result.values) {
      number.clear();
      append_java_double(number, value);
      xml.text("member", number);
    }
    xml.close("Values");
  }
  xml.text("StatusCode", status_code(result));
  xml.empty("Messages");
  xml.close("member");
}

void append_json_numbers(std::string& out, const auto& numbers) {
  out += '[';
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) out += ',';
    append_java_double(out, static_cast<double>(numbers[i]));
  }
  out += ']';
}

}  // namespace

std::string get_metric_data_xml(const MetricDataPage& page, std::string_view request_id) {
  const std::size_t expected_size = 512 + page.results.size() * 256 + datapoint_count(page) * 96;
  return query_response(
      "GetMetricData", kXmlNamespace, request_id,
      [&](XmlWriter& xml) {
        TimestampTexts timestamps;
        std::string number;
        if (page.results.empty()) {
          xml.empty("MetricDataResults");
        } else {
          xml.open("MetricDataResults");
          for (const MetricDataResult& result : page.results) write_result(xml, result, timestamps, number);
          xml.close("MetricDataResults");
        }
        if (page.next_token) xml.text("NextToken", *page.next_token);
        xml.empty("Messages");
      },
      expected_size);
}

std::string get_metric_data_json(const MetricDataPage& page) {
  std::string out;
  out.reserve(256 + page.results.size() * 128 + datapoint_count(page) * 40);
  out += R"({"MetricDataResults":[)";
  for (std::size_t i = 0; i < page.results.size(); ++i) {
    const MetricDataResult& result = page.results[i];
    if (i > 0) out += ',';
    out += R"({"Id":)";
    append_json_string(out, result.id);
    out += R"(,"Label":)";
    append_json_string(out, result.label);
    out += R"(,"Timestamps":)";
    append_json_numbers(out, result.timestamps);
    out += R"(,"Values":)";
    append_json_numbers(out, result.values);
    out += R"(,"StatusCode":")";
    out += status_code(result);
    out += R"(","Messages":[]})";
  }
  out += ']';
  if (page.next_token) {
    out += R"(,"NextToken":)";
    append_json_string(out, *page.next_token);
  }
  out += R"(,"Messages":[]})";
  return out;
}

}  // namespace rds_exporter::sim::cloudwatch
