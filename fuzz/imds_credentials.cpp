// EC2 instance metadata: the input is the credentials document IMDS answers for the instance's role, read
// through the provider's whole IMDSv2 flow against a transport that answers from memory.
#include "aws/credentials/imds_provider.h"
#include "fuzz_input.h"
#include "fuzz_transport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rds_exporter::fuzz::DocumentTransport transport(rds_exporter::fuzz::text_of(data, size));
  (void)rds_exporter::aws::ImdsProvider(transport, {}).credentials();
  return 0;
}
