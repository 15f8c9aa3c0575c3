#pragma once

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rds_exporter::sim::testing {

// Two connected stream sockets: fds_[0] plays the server's end, fds_[1] the client's.
class SocketPairTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  void TearDown() override {
    close(fds_[0]);
    close(fds_[1]);
  }

  int fds_[2]{-1, -1};
};

}  // namespace rds_exporter::sim::testing
