// The Accept-Encoding header of a request for /metrics.
#include "fuzz_input.h"

namespace rds_exporter::http {
bool accepts_gzip(std::string_view accept_encoding);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::http::accepts_gzip(rds_exporter::fuzz::text_of(data, size));
  return 0;
}
