#pragma once

#include <csignal>

namespace rds_exporter::app {

// Turns SIGTERM/SIGINT into an ordinary wait on the main thread. Construct it before any other
// thread starts so that every thread inherits the blocked mask and only wait() sees the signals.
class SignalWaiter {
 public:
  SignalWaiter();
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

  // Blocks until SIGTERM or SIGINT arrives; returns the signal number.
  int wait() const;

 private:
  sigset_t signals_{};
};

}  // namespace rds_exporter::app
