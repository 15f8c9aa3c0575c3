#include "aws/retry/backoff.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace rds_exporter::aws {

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds base, double random01) {
  // Doubling 2^30 times would overflow long before the cap matters; the cap is reached by then anyway.
  const double ceiling = std::min(static_cast<double>(base.count()) * std::ldexp(1.0, std::clamp(retry - 1, 0, 30)),
                                  static_cast<double>(kMaxBackoff.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::clamp(random01, 0.0, 1.0) * ceiling));
}

}  // namespace rds_exporter::aws
