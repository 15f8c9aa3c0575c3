#include "app/signal_waiter.h"

#include <pthread.h>

#include <cerrno>
#include <ctime>


namespace rds_exporter::app {

SignalWaiter::SignalWaiter() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int SignalWaiter::wait() const {
  int received = 0;
  sigwait(&signals_, &received);
  return received;
}

int SignalWaiter::wait_for(std::chrono::milliseconds timeout) const {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec limit{static_cast<time_t>(seconds.count()),
                       static_cast<long>(std::chrono::nanoseconds(timeout - seconds).count())};
  for (;;) {
    const int received = sigtimedwait(&signals_, nullptr, &limit);
    if (received > 0) return received;
    if (errno != EINTR) return 0;
  }
}

}  // namespace rds_exporter::app
