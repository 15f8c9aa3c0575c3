// Enhanced Monitoring: one OS metrics document, the message of a CloudWatch Logs event in RDSOSMetrics. Besides
// not crashing, every sample must keep the parser's promises: a catalog metric, a finite value, no empty label,
// no two samples with the same metric and labels.
#include "collection/os_document.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>
#include <utility>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rds_exporter::collection::OsSample;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto document = rds_exporter::collection::parse_os_document(text, {.processes = true, .top_processes = 2});
  if (!document) return 0;
  std::set<std::pair<const void*, decltype(OsSample::labels)>> seen;
  for (const OsSample& sample : document->samples) {
    if (sample.metric == nullptr || !std::isfinite(sample.value)) __builtin_trap();
    for (const auto& label : sample.labels) {
      if (label.first.empty() || label.second.empty()) __builtin_trap();
    }
    if (!seen.emplace(sample.metric, sample.labels).second) __builtin_trap();
  }
  return 0;
}
