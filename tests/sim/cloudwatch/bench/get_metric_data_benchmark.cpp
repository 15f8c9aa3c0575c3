// What one GetMetricData call costs the simulator: 500 queries of 5 datapoints each, as an exporter polling 100
// instances for 5 metrics sends them, from the request body to the response document.
#include "cloudwatch_fixtures.h"
#include "sim/protocol/form_encoding.h"
#include "sim/protocol/query_parameters.h"

#include <benchmark/benchmark.h>

#include <cstdio>

namespace rds_exporter::sim::cloudwatch {
namespace {

using testing::test_now;

common::QueryParams five_hundred_queries() {
  const char* metrics[] = {"CPUUtilization", "FreeableMemory", "ReadIOPS", "WriteIOPS", "DatabaseConnections"};
  std::vector<testing::QuerySpec> specs;
  for (int i = 0; i < 500; ++i) {
    char instance[16];
    std::snprintf(instance, sizeof instance, "db-%04d", i / 5 + 1);
    specs.push_back({testing::numbered("q", i), metrics[i % 5], instance});
  }
  // Five one-minute datapoints each.
  return testing::get_metric_data_params(specs, test_now() - 420, test_now() - 120);
}

std::string form_body(const common::QueryParams& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body += '&';
    body.append(name).append("=");
    for (const char c : value) {
      if (c == ':' || c == '/') {
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
        body += escaped;
      } else {
        body += c;
      }
    }
  }
  return body;
}

void BM_GetMetricDataQueryProtocol(benchmark::State& state) {
  const testing::CloudWatchClient client(testing::fleet_of_postgres_instances(100));
  const std::string body = form_body(five_hundred_queries());
  const QueryOperation* operation = client.service().find_operation("GetMetricData");
  for (auto _ : state) {
    const QueryParameters params(parse_form(body));
    OperationOutcome outcome = operation->invoke(OperationCall{params, client.fleet(), "request-id"});
    benchmark::DoNotOptimize(outcome);
  }
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_GetMetricDataQueryProtocol)->Unit(benchmark::kMillisecond);

void BM_GetMetricDataJson(benchmark::State& state) {
  testing::CloudWatchClient client(testing::fleet_of_postgres_instances(100));
  const std::string body = testing::json_body(five_hundred_queries()).dump();
  for (auto _ : state) {
    HttpReply reply = client.json_body("GetMetricData", body);
    benchmark::DoNotOptimize(reply);
  }
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_GetMetricDataJson)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace rds_exporter::sim::cloudwatch

BENCHMARK_MAIN();
