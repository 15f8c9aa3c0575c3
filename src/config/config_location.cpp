#include "config/config_location.h"

#include <fmt/format.h>

#include <system_error>

namespace rds_exporter::config {
namespace {

std::optional<std::string> unusable(const std::filesystem::path& path) { return path_problem(path, PathKind::directory); }

std::variant<ConfigDir, std::string> named_dir(const std::filesystem::path& shown, const std::string& origin,
                                               const std::filesystem::path& working_dir) {
  ConfigDir dir{working_dir / shown, shown, origin};
  if (auto reason = unusable(dir.path)) {
    return fmt::format("config dir {} (from {}) {}", shown.generic_string(), origin, *reason);
  }
  return dir;
}

}  // namespace

std::optional<std::string> path_problem(const std::filesystem::path& path, PathKind kind) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (status.type() == std::filesystem::file_type::not_found) return std::string(kDoesNotExist);
  if (error) return fmt::format("cannot be checked: {}", error.message());
  if (kind == PathKind::directory && !std::filesystem::is_directory(status)) return "is not a directory";
  if (kind == PathKind::regular_file && std::filesystem::is_directory(status)) return "is a directory, not a file";
  return std::nullopt;
}

std::filesystem::path ConfigDir::file(std::string_view name) const { return path / name; }

std::string ConfigDir::shown_file(std::string_view name) const {
  return (shown / name).lexically_normal().generic_string();
}

std::variant<ConfigDir, std::string> locate_config_dir(const ConfigDirSearch& search) {
  if (search.explicit_dir) return named_dir(*search.explicit_dir, "flag --config-dir", search.working_dir);
  if (search.environment_dir && !search.environment_dir->empty()) {
    return named_dir(*search.environment_dir, "env APP_CONFIG_DIR", search.working_dir);
  }
  const std::filesystem::path local = search.working_dir / "config";
  if (!unusable(local)) return ConfigDir{local, "config", "found ./config"};
  if (!unusable(search.system_dir)) {
    return ConfigDir{search.system_dir, search.system_dir, fmt::format("found {}", search.system_dir.generic_string())};
  }
  return fmt::format(
      "no config dir found; tried --config-dir (not given), APP_CONFIG_DIR (not set), ./config ({} {}), {} ({}); "
      "pass --config-dir or set APP_CONFIG_DIR",
      local.generic_string(), *unusable(local), search.system_dir.generic_string(), *unusable(search.system_dir));
}

}  // namespace rds_exporter::config
