#pragma once

#include <chrono>
#include <csignal>

namespace rds_exporter::app {

// Turns SIGTERM, SIGINT and SIGHUP into an ordinary wait on the main thread. Construct it before any other
// thread starts so that every thread inherits the blocked mask and only wait() sees the signals.
class SignalWaiter {
 public:
  SignalWaiter();
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

  // Blocks until SIGTERM, SIGINT or SIGHUP arrives; returns the signal number.
  int wait() const;
  // The same, giving up after `timeout`: 0 when no signal came.
  int wait_for(std::chrono::milliseconds timeout) const;

 private:
  sigset_t signals_{};
};

}  // namespace rds_exporter::app
