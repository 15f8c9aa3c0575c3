#include "sim/server/socket_stream.h"

#include "socket_pair.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace rds_exporter::sim {
namespace {

using std::chrono::milliseconds;

class SocketStreamTest : public testing::SocketPairTest {
 protected:
  void peer_send(const std::string& data) {
    ASSERT_EQ(send(fds_[1], data.data(), data.size(), 0), static_cast<ssize_t>(data.size()));
  }
};

TEST_F(SocketStreamTest, ReadsThroughItsBufferAcrossCalls) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  peer_send("GET / HTTP/1.1\r\n");
  char first[4];
  ASSERT_EQ(stream.read(first, sizeof first), 4);
  EXPECT_EQ(std::string(first, 4), "GET ");
  char rest[64];
  ASSERT_EQ(stream.read(rest, sizeof rest), 12);
  EXPECT_EQ(std::string(rest, 12), "/ HTTP/1.1\r\n");
}

TEST_F(SocketStreamTest, ABufferedPipelinedRequestNeedsNoWait) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  peer_send("first second");
  char word[6];
  ASSERT_EQ(stream.read(word, sizeof word), 6);
  EXPECT_TRUE(stream.wait_for_request(milliseconds(0)));
}

TEST_F(SocketStreamTest, WaitingForAnIdlePeerTimesOut) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  EXPECT_FALSE(stream.wait_for_request(milliseconds(20)));
  EXPECT_FALSE(stream.is_readable());
  char byte;
  EXPECT_EQ(stream.read(&byte, 1), -1);
}

TEST_F(SocketStreamTest, APeerThatHungUpReadsAsEndOfStream) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  shutdown(fds_[1], SHUT_WR);
  EXPECT_TRUE(stream.wait_for_request(milliseconds(1000)));
  char byte;
  EXPECT_EQ(stream.read(&byte, 1), 0);
}

TEST_F(SocketStreamTest, WritesReachThePeer) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  ASSERT_EQ(stream.write("pong", 4), 4);
  char reply[4];
  ASSERT_EQ(recv(fds_[1], reply, sizeof reply, 0), 4);
  EXPECT_EQ(std::string(reply, 4), "pong");
}

TEST_F(SocketStreamTest, WritingToAClosedPeerFailsWithoutSigpipe) {
  SocketStream stream(fds_[0], milliseconds(100), milliseconds(100));
  close(fds_[1]);
  fds_[1] = socket(AF_UNIX, SOCK_STREAM, 0);
  EXPECT_LT(stream.write("x", 1), 0);
}

}  // namespace
}  // namespace rds_exporter::sim
