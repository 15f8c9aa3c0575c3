#include "aws/retry/retry_policy.h"

namespace rds_exporter::aws {

std::string_view to_string(RetryMode mode) {
  switch (mode) {
    case RetryMode::standard:
      return "standard";
    case RetryMode::adaptive:
      return "adaptive";
  }
  return "standard";
}

}  // namespace rds_exporter::aws
