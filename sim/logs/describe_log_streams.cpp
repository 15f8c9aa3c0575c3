#include "sim/logs/describe_log_streams.h"

#include "sim/cloudwatch/fnv1a.h"
#include "sim/logs/logs_errors.h"
#include "sim/logs/logs_request.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>

namespace rds_exporter::sim::logs {
namespace {

using Json = nlohmann::ordered_json;

struct Listed {
  const LogStream* stream;
  std::optional<std::int64_t> first;
  std::optional<std::int64_t> last;
};

Json stream_json(const Listed& listed, const std::string& group_arn) {
  const LogStream& stream = *listed.stream;
  Json out = {{"logStreamName", stream.name()}, {"creationTime", stream.first_ms}};
  if (listed.first) out["firstEventTimestamp"] = *listed.first;
  if (listed.last) {
    out["lastEventTimestamp"] = *listed.last;
    out["lastIngestionTime"] = ingestion_time(stream, *listed.last);
  }
  // Deprecated members AWS still sends: a sequence token and storedBytes 0.
  out["uploadSequenceToken"] = "4963" + std::to_string(cloudwatch::Fnv1a().add(stream.name()).value());
  out["arn"] = group_arn + ":log-stream:" + stream.name();
  out["storedBytes"] = 0;
  return out;
}

}  // namespace

OperationOutcome DescribeLogStreams::invoke(const JsonCall& call) const {
  auto request = LogsRequest::parse(call.body);
  if (!request) return request.error();
  if (auto error = request->check_group(call.fleet)) return *error;
  auto prefix = request->string("logStreamNamePrefix");
  if (!prefix) return prefix.error();
  auto order = request->string("orderBy");
  if (!order) return order.error();
  const std::string order_by = order.value().value_or("LogStreamName");
  if (order_by != "LogStreamName" && order_by != "LastEventTime") {
    return invalid_parameter("1 validation error detected: Value '" + order_by +
                             "' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: "
                             "[LogStreamName, LastEventTime]");
  }
  if (order_by == "LastEventTime" && prefix.value()) {
    return invalid_parameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  auto descending = request->boolean("descending");
  if (!descending) return descending.error();
  auto limit = request->integer("limit", 1, 50);
  if (!limit) return limit.error();
  auto token = request->string("nextToken");
  if (!token) return token.error();

  const std::vector<LogStream> streams = streams_in(call.fleet, context_.states, context_.stream_clock());
  std::vector<Listed> listed;
  for (const LogStream& stream : streams) {
    if (prefix.value() && !stream.name().starts_with(*prefix.value())) continue;
    listed.push_back(
        {&stream, stream.next_event(stream.first_ms), stream.previous_event(std::numeric_limits<std::int64_t>::max())});
  }
  // Streams come sorted by name; a stable sort by last event keeps names in order among equals.
  if (order_by == "LastEventTime") {
    std::stable_sort(listed.begin(), listed.end(),
                     [](const Listed& a, const Listed& b) { return a.last.value_or(0) < b.last.value_or(0); });
  }
  const bool reverse = descending.value().value_or(false);
  if (reverse) std::reverse(listed.begin(), listed.end());

  const std::uint64_t fingerprint = cloudwatch::Fnv1a()
                                        .add(prefix.value().value_or("-"))
                                        .add("|")
                                        .add(order_by)
                                        .add(reverse ? "|desc" : "|asc")
                                        .value();
  std::size_t offset = 0;
  if (token.value()) {
    auto position = token_position(*token.value(), fingerprint);
    if (!position) return position.error();
    const std::string& text = position.value();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), offset);
    if (error != std::errc() || end != text.data() + text.size()) {
      return invalid_parameter("The specified nextToken is invalid.");
    }
  }
  const std::size_t page_end = std::min(listed.size(), offset + static_cast<std::size_t>(limit.value().value_or(50)));
  const std::string arn = group_arn(call.fleet);
  Json out_streams = Json::array();
  for (std::size_t i = offset; i < page_end; ++i) out_streams.push_back(stream_json(listed[i], arn));
  Json out = {{"logStreams", std::move(out_streams)}};
  if (page_end < listed.size()) out["nextToken"] = page_token(std::to_string(page_end), fingerprint);
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace rds_exporter::sim::logs
