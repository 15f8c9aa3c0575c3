// A ~/.aws/sso/cache/<sha1>.json file that `aws sso login` wrote.
#include "aws/credentials/sso_token_cache.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::aws::parse_sso_token(rds_exporter::fuzz::text_of(data, size), "cache.json");
  return 0;
}
