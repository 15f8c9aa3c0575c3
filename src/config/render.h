#pragma once

#include "config/loader.h"
#include "config/problem.h"

#include <span>
#include <string>

namespace rds_exporter::config {

// For --check-config: a header naming the config dir and RUN_MODE with where each came from, then
// one aligned line per key: key, effective value ("(unset)" for an unset optional), source.
std::string render_effective_configuration(const LoadResult& result);

// One line per problem, prefixed "error: " or "warning: ".
std::string render_problems(std::span<const Problem> problems);

}  // namespace rds_exporter::config
