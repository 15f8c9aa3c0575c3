#include "aws/retry/interruptible_sleep.h"

#include <condition_variable>
#include <mutex>

namespace rds_exporter::aws {

bool sleep_unless_stopped(std::chrono::steady_clock::duration duration, std::stop_token stop) {
  if (stop.stop_requested()) return false;
  if (duration <= std::chrono::steady_clock::duration::zero()) return true;
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  // Nothing notifies `wake` but the stop request: the predicate is false until then.
  wake.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace rds_exporter::aws
