#pragma once

#include <chrono>
#include <functional>

namespace rds_exporter::sim {

// The simulator's idea of now; tests pass a fixed or movable one.
using Clock = std::function<std::chrono::system_clock::time_point()>;

}  // namespace rds_exporter::sim
