// A config/default.yaml or config/<RUN_MODE>.yaml file.
#include "config/yaml_layer.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)rds_exporter::config::read_yaml_text(rds_exporter::fuzz::text_of(data, size), "config/default.yaml");
  return 0;
}
