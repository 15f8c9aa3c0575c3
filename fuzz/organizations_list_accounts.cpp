// AWS Organizations ListAccounts: JSON 1.1.
#include "aws/services/organizations_wire.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::aws::parse_list_accounts(rds_exporter::fuzz::answer(200, rds_exporter::fuzz::text_of(data, size)));
  return 0;
}
