#include "app/signal_waiter.h"

#include <pthread.h>


namespace rds_exporter::app {

SignalWaiter::SignalWaiter() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int SignalWaiter::wait() const {
  int received = 0;
  sigwait(&signals_, &received);
  return received;
}

}  // namespace rds_exporter::app
