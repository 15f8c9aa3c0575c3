#pragma once

#include "common/expected.h"

#include <string>

namespace rds_exporter::aws {

struct FileProblem {
  // The file does not exist, which for the shared config files means "no settings", not an error.
  bool missing = false;
  // "cannot read /path: Permission denied": names the path, never the content.
  std::string message;
};

common::Expected<std::string, FileProblem> read_file_text(const std::string& path);

}  // namespace rds_exporter::aws
