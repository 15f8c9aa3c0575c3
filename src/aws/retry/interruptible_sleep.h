#pragma once

#include <chrono>
#include <stop_token>

namespace rds_exporter::aws {

// Waits `duration`, or less when `stop` is requested meanwhile (or was already). Returns false when the wait
// ended because of a stop request, true when the whole duration passed.
bool sleep_unless_stopped(std::chrono::steady_clock::duration duration, std::stop_token stop);

}  // namespace rds_exporter::aws
