#pragma once

#include <map>
#include <string>

namespace rds_exporter::config {

// A copy of this process's environment, for LoadRequest::environment.
std::map<std::string, std::string> process_environment();

}  // namespace rds_exporter::config
