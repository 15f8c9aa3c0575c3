// A response header line from a remote-write receiver: the Retry-After a 429 may carry.
#include "fuzz_input.h"

#include "remote_write/http_sender.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::remote_write::parse_retry_after(rds_exporter::fuzz::text_of(data, size));
  return 0;
}
