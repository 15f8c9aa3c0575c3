#include "sim/server/connection_registry.h"

#include "socket_pair.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>

namespace rds_exporter::sim {
namespace {

using ConnectionRegistryTest = testing::SocketPairTest;

TEST_F(ConnectionRegistryTest, ShutdownAllWakesAWorkerWaitingOnAnIdleConnection) {
  ConnectionRegistry registry;
  ASSERT_TRUE(registry.add(fds_[0]));
  auto waiter = std::async(std::launch::async, [fd = fds_[0]] {
    pollfd entry{fd, POLLIN, 0};
    return poll(&entry, 1, 10000);
  });
  ASSERT_EQ(waiter.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  registry.shutdown_all();
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  EXPECT_EQ(waiter.get(), 1);
  char byte;
  EXPECT_EQ(recv(fds_[0], &byte, 1, 0), 0);
}

TEST_F(ConnectionRegistryTest, RefusesConnectionsAfterShutdown) {
  ConnectionRegistry registry;
  registry.shutdown_all();
  EXPECT_FALSE(registry.add(fds_[0]));
}

TEST_F(ConnectionRegistryTest, LeavesRemovedConnectionsAlone) {
  ConnectionRegistry registry;
  ASSERT_TRUE(registry.add(fds_[0]));
  registry.remove(fds_[0]);
  registry.shutdown_all();
  ASSERT_EQ(send(fds_[1], "x", 1, 0), 1);
  char byte;
  EXPECT_EQ(recv(fds_[0], &byte, 1, 0), 1);
}

}  // namespace
}  // namespace rds_exporter::sim
