// The Accept-Encoding and Accept headers of a request for /metrics: which compression and which exposition format.
#include "fuzz_input.h"

#include "http/routes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header = rds_exporter::fuzz::text_of(data, size);
  (void)rds_exporter::http::accepts_gzip(header);
  (void)rds_exporter::http::negotiate_format(header);
  return 0;
}
