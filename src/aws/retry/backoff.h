#pragma once

#include <chrono>

namespace rds_exporter::aws {

inline constexpr std::chrono::milliseconds kMaxBackoff{20000};

// Exponential backoff with full jitter, as AWS's SDKs wait between attempts:
// random01 × min(base × 2^(retry − 1), 20 s), where retry counts from 1 for the first retry.
// random01 is drawn from [0, 1) by the caller, so the formula stays testable.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base, double random01);

}  // namespace rds_exporter::aws
