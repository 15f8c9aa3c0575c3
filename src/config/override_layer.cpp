#include "config/override_layer.h"

#include "config/key_table.h"

#include <fmt/format.h>

namespace rds_exporter::config {

LayerReading read_override_layer(std::span<const Override> overrides) {
  LayerReading reading;
  for (const auto& item : overrides) {
    if (find_key(item.key)) {
      reading.assignments.push_back(
          Assignment{item.key, item.value, item.source, fmt::format("{}: {}", item.source, item.key)});
    } else {
      reading.problems.push_back(
          Problem{Severity::error, fmt::format("{}: {}", item.source, unknown_key_message(item.key))});
    }
  }
  return reading;
}

}  // namespace rds_exporter::config
