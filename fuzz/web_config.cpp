// A --web.config.file (exporter-toolkit's format): its YAML alone; no certificate or key file is read, so the
// fuzzer cannot make the target open arbitrary files.
#include "fuzz_input.h"
#include "http/web_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::http::parse_web_config(rds_exporter::fuzz::text_of(data, size), "/etc/rds_exporter/web.yml");
  return 0;
}
