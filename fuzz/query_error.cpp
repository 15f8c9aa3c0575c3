// An error answer of the Query protocol (RDS, STS): XML.
#include "aws/protocol/query_protocol.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::aws::decode_query_error(rds_exporter::fuzz::answer(400, rds_exporter::fuzz::text_of(data, size)));
  return 0;
}
