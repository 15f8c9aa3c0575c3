// ECS and EKS Pod Identity: the input is the document the container credentials endpoint answers.
#include "aws/credentials/container_provider.h"
#include "fuzz_input.h"
#include "fuzz_transport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rds_exporter::fuzz::DocumentTransport transport(rds_exporter::fuzz::text_of(data, size));
  (void)rds_exporter::aws::ContainerProvider(transport,
                                             {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds"}})
      .credentials();
  return 0;
}
