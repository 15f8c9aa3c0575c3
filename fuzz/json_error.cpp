// An error answer of the JSON protocols (CloudWatch, Performance Insights, the SSO portal). The first line is
// the x-amzn-query-error header, which a query-compatible service adds; the rest is the body.
#include "aws/protocol/json_protocol.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [header, body] = rds_exporter::fuzz::split_first_line(rds_exporter::fuzz::text_of(data, size));
  (void)rds_exporter::aws::decode_json_error(
      rds_exporter::fuzz::answer(400, body, {{"x-amzn-query-error", std::string(header)}}));
  return 0;
}
