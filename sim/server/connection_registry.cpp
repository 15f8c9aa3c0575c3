#include "sim/server/connection_registry.h"

#include <sys/socket.h>

namespace rds_exporter::sim {

bool ConnectionRegistry::add(int fd) {
  std::lock_guard lock(mutex_);
  if (shut_down_) return false;
  fds_.insert(fd);
  return true;
}

void ConnectionRegistry::remove(int fd) {
  std::lock_guard lock(mutex_);
  fds_.erase(fd);
}

void ConnectionRegistry::shutdown_all() {
  std::lock_guard lock(mutex_);
  shut_down_ = true;
  for (const int fd : fds_) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace rds_exporter::sim
