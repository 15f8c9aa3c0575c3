#pragma once

#include <mutex>
#include <unordered_set>

namespace rds_exporter::sim {

// The open connections of a server, so that stopping it can wake every worker blocked on one.
class ConnectionRegistry {
 public:
  // False once shutdown_all has run: the connection came too late and must be closed unserved.
  bool add(int fd);

  // Call before closing `fd`, so that shutdown_all never touches a descriptor number already reused.
  void remove(int fd);

  // Shuts every registered connection down (a blocked poll or recv on it returns at once) and
  // refuses connections added from now on.
  void shutdown_all();

 private:
  std::mutex mutex_;
  std::unordered_set<int> fds_;
  bool shut_down_ = false;
};

}  // namespace rds_exporter::sim
