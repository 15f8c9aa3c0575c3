// What a profile's credential_process prints.
#include "aws/credentials/process_provider.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::aws::read_process_output(rds_exporter::fuzz::text_of(data, size), "get-creds");
  return 0;
}
