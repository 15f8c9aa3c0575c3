// Dates as text from outside: ISO 8601 (XML answers, credential documents), the "...UTC" form of old SSO
// caches, X-Amz-Date and the HTTP Date header the clock skew correction reads.
#include "aws/credentials/credential_time.h"
#include "aws/retry/clock_skew.h"
#include "common/time_text.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::aws;
  using namespace rds_exporter::common;
  const auto text = rds_exporter::fuzz::text_of(data, size);
  // What is read must also write back out: format_iso8601 and amz_date take any time a parser returns.
  if (const auto time = parse_iso8601(text)) (void)format_iso8601(*time);
  if (const auto time = parse_credential_time(text)) (void)format_iso8601(*time);
  if (const auto time = parse_amz_date(text)) (void)amz_date(*time);
  if (const auto time = parse_http_date(text)) (void)amz_date(*time);
  ClockSkew skew;
  (void)skew.observe_server_date(text, std::chrono::system_clock::time_point{});
  (void)skew.now();
  return 0;
}
