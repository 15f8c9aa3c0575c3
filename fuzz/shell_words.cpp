// A profile's credential_process command line, split like a shell would.
#include "aws/credentials/shell_words.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::aws::split_shell_words(rds_exporter::fuzz::text_of(data, size));
  return 0;
}
