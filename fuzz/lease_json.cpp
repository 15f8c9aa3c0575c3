// A Lease and a LeaseList as the Kubernetes API server answers them. What is read must also write back out and
// read again as the same lease: lease_to_json takes any record the parser returns.
#include "coordination/lease_json.h"
#include "fuzz_input.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rds_exporter::coordination;
  const auto text = rds_exporter::fuzz::text_of(data, size);
  if (const auto lease = lease_from_json(text)) {
    const auto again = lease_from_json(lease_to_json(*lease, "default"));
    // Times come back at microseconds; the rest exactly (names are UTF-8, as the JSON parser only accepts that).
    if (!again || again->name != lease->name || again->holder_identity != lease->holder_identity ||
        again->resource_version != lease->resource_version ||
        again->lease_duration_seconds != lease->lease_duration_seconds ||
        again->lease_transitions != lease->lease_transitions) {
      std::abort();
    }
  }
  if (const auto leases = lease_list_from_json(text)) {
    for (const auto& lease : *leases) (void)lease_to_json(lease, "default");
  }
  return 0;
}
