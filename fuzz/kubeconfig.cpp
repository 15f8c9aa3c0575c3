// A kubeconfig file's YAML: the current context, its cluster and user. Only the text is read; the paths it names
// (certificate-authority, tokenFile) are resolved, never opened.
#include "coordination/kube_target.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::coordination::parse_kubeconfig(rds_exporter::fuzz::text_of(data, size), "/home/me/.kube/config");
  return 0;
}
