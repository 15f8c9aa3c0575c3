#include "config/run_mode.h"

#include <algorithm>
#include <system_error>

namespace rds_exporter::config {

RunMode resolve_run_mode(const std::map<std::string, std::string>& environment) {
  if (const auto it = environment.find("RUN_MODE"); it != environment.end() && !it->second.empty()) {
    return RunMode{it->second, "env RUN_MODE"};
  }
  return RunMode{"development", "default"};
}

std::optional<std::string> run_mode_name_problem(std::string_view name) {
  if (name == "default") return "'default' is reserved for default.yaml, which every mode builds on";
  if (name.starts_with('.') || name.find_first_of("/\\") != std::string_view::npos) {
    return "a mode is the name of a file in the config dir, without '/', '\\' or a leading '.'";
  }
  return std::nullopt;
}

std::vector<std::string> available_modes(const std::filesystem::path& dir) {
  std::vector<std::string> modes;
  std::error_code error;
  // increment(error), since the range-for's ++ throws on a read error.
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const auto& path = it->path();
    if (path.extension() == ".yaml" && path.stem() != "default" && it->is_regular_file(error)) {
      modes.push_back(path.stem().string());
    }
  }
  std::sort(modes.begin(), modes.end());
  return modes;
}

}  // namespace rds_exporter::config
