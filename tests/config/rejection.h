#pragma once

#include "config/value_parsers.h"

#include <string>
#include <variant>

namespace rds_exporter::config {

// What a value parser said when it refused a value, or "(accepted)" when it took it: a test failure then shows
// the message instead of only that the value was not accepted.
template <typename T>
std::string rejection(const Parsed<T>& parsed) {
  const auto* invalid = std::get_if<Invalid>(&parsed);
  return invalid ? invalid->message : "(accepted)";
}

}  // namespace rds_exporter::config
