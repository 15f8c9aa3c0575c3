#include "config/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace rds_exporter::config {
namespace {

// Control characters as \x1b and the like: a value or a file name from outside must not move the cursor,
// recolour or clear the terminal that shows the message, nor split one problem into several lines.
std::string escape_control_characters(std::string_view text) {
  std::string shown;
  shown.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      shown += fmt::format("\\x{:02x}", byte);
    } else {
      shown += c;
    }
  }
  return shown;
}

std::string shown_value(const EffectiveValue& entry) {
  if (!entry.value) return "(unset)";
  // An empty tag value is legal and must not vanish into the column gap.
  return entry.value->empty() ? "\"\"" : escape_control_characters(*entry.value);
}

}  // namespace

std::string render_effective_configuration(const LoadResult& result) {
  std::string text =
      result.config_dir.empty()
          ? fmt::format("config dir: (none found), RUN_MODE: {} ({})\n", result.run_mode, result.run_mode_origin)
          : fmt::format("config dir: {} ({}), RUN_MODE: {} ({})\n", result.config_dir, result.config_dir_origin,
                        result.run_mode, result.run_mode_origin);
  std::size_t key_width = 0;
  std::size_t value_width = 0;
  for (const auto& entry : result.values) {
    key_width = std::max(key_width, entry.key.size());
    value_width = std::max(value_width, shown_value(entry).size());
  }
  for (const auto& entry : result.values) {
    text += fmt::format("{:<{}}  {:<{}}  {}\n", entry.key, key_width, shown_value(entry), value_width, entry.source);
  }
  return text;
}

std::string render_problems(std::span<const Problem> problems) {
  std::string text;
  for (const auto& problem : problems) {
    text += fmt::format("{}: {}\n", problem.severity == Severity::error ? "error" : "warning",
                        escape_control_characters(problem.message));
  }
  return text;
}

}  // namespace rds_exporter::config
