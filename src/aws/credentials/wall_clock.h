#pragma once

#include <chrono>
#include <functional>

namespace rds_exporter::aws {

// The current time, injectable so that tests can move it to just before an expiry instead of waiting for one.
using WallClock = std::function<std::chrono::system_clock::time_point()>;

inline WallClock system_wall_clock() {
  return [] { return std::chrono::system_clock::now(); };
}

}  // namespace rds_exporter::aws
