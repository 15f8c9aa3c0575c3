#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace rds_exporter::config {

// The directory holding default.yaml and the <RUN_MODE>.yaml files.
struct ConfigDir {
  std::filesystem::path path;   // for opening files: relative dirs already resolved against the working dir
  std::filesystem::path shown;  // for messages: as the user wrote it, or "config" when found in the working dir
  std::string origin;           // "flag --config-dir", "env APP_CONFIG_DIR", "found ./config", ...

  std::filesystem::path file(std::string_view name) const;
  // "config/default.yaml": what --check-config and error messages call the file.
  std::string shown_file(std::string_view name) const;
};

struct ConfigDirSearch {
  std::optional<std::filesystem::path> explicit_dir;  // --config-dir
  std::optional<std::string> environment_dir;         // APP_CONFIG_DIR
  std::filesystem::path working_dir;
  std::filesystem::path system_dir;  // /etc/rds_exporter/config outside tests
};

enum class PathKind { directory, regular_file };

// "does not exist": what path_problem says of a path that is simply absent, which callers word on their own.
inline constexpr std::string_view kDoesNotExist = "does not exist";

// Why `path` cannot serve as a `kind`, if it cannot: kDoesNotExist, "is not a directory", "is a directory, not a
// file", or "cannot be checked: <reason>" when the system refuses to say (no permission on a parent, a symlink
// loop), which is not the same as absent.
std::optional<std::string> path_problem(const std::filesystem::path& path, PathKind kind);

// The first of: the explicit dir, APP_CONFIG_DIR, ./config, the system dir. A dir the user named
// must exist; when nothing is named and neither fallback exists, the error lists every place tried.
std::variant<ConfigDir, std::string> locate_config_dir(const ConfigDirSearch& search);

}  // namespace rds_exporter::config
