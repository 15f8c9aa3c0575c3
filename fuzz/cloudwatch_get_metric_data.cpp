// CloudWatch GetMetricData: the JSON 1.0 answer (the exporter speaks only JSON to CloudWatch). The exporter reads it
// as it is parsed, without a document tree; this target also reads it the way every other JSON answer is read
// (the tree and JsonElement) and stops on the first input where the two disagree, so the streaming reader accepts
// and refuses exactly what the tree reader does, with the same messages.
#include "aws/protocol/json_protocol.h"
#include "aws/services/cloudwatch_wire.h"
#include "fuzz_input.h"

#include <cstdio>
#include <cstdlib>

namespace {

using namespace rds_exporter::aws;

std::vector<std::pair<std::string, std::string>> tree_messages(const JsonElement& parent) {
  std::vector<std::pair<std::string, std::string>> messages;
  for (const auto& message : parent.optional_array("Messages")) {
    messages.emplace_back(message.optional_string("Code").value_or(""), message.optional_string("Value").value_or(""));
  }
  return messages;
}

MetricDataResult tree_result(const JsonElement& element) {
  MetricDataResult result;
  result.id = element.required_string("Id");
  result.label = element.optional_string("Label").value_or("");
  for (const auto& timestamp : element.optional_array("Timestamps")) {
    result.timestamps.push_back(timestamp.to_epoch_seconds());
  }
  for (const auto& value : element.optional_array("Values")) result.values.push_back(value.to_double());
  if (result.timestamps.size() != result.values.size()) {
    throw MalformedResponseError(element.path() + ": " + std::to_string(result.timestamps.size()) + " timestamps but " +
                                 std::to_string(result.values.size()) + " values");
  }
  result.status_code = element.optional_string("StatusCode").value_or("");
  result.messages = tree_messages(element);
  return result;
}

rds_exporter::common::Expected<GetMetricDataPage, AwsError> tree_read(const rds_exporter::common::HttpResponse& response) {
  return read_json_result<GetMetricDataPage>(response, "GetMetricData", [](const JsonElement& output) {
    GetMetricDataPage page;
    for (const auto& result : output.optional_array("MetricDataResults")) page.results.push_back(tree_result(result));
    page.next_token = output.optional_string("NextToken");
    if (page.next_token && page.next_token->empty()) page.next_token.reset();
    page.messages = tree_messages(output);
    return page;
  });
}

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && !(a[i] != a[i] && b[i] != b[i])) return false;
  }
  return true;
}

bool same(const rds_exporter::common::Expected<GetMetricDataPage, AwsError>& a,
          const rds_exporter::common::Expected<GetMetricDataPage, AwsError>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return a.error().message == b.error().message && a.error().kind == b.error().kind;
  if (a->next_token != b->next_token || a->messages != b->messages || a->results.size() != b->results.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a->results.size(); ++i) {
    const auto& x = a->results[i];
    const auto& y = b->results[i];
    if (x.id != y.id || x.label != y.label || x.timestamps != y.timestamps || !same_values(x.values, y.values) ||
        x.status_code != y.status_code || x.messages != y.messages) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto response = rds_exporter::fuzz::answer(200, rds_exporter::fuzz::text_of(data, size));
  const auto streamed = parse_get_metric_data(response);
  const auto tree = tree_read(response);
  if (!same(streamed, tree)) {
    std::fprintf(stderr, "streaming reader: %s\ntree reader: %s\n",
                 streamed ? "a page" : streamed.error().message.c_str(), tree ? "a page" : tree.error().message.c_str());
    std::abort();
  }
  return 0;
}
