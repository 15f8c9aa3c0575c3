#include "aws/transport/curl_transport.h"

#include "make_request.h"
#include "raw_tcp_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <string>

namespace rds_exporter::aws {
namespace {

using testing::make_request;
using testing::RawTcpServer;
using Clock = std::chrono::steady_clock;

// Generous: the transport promises well under a second (a stop request wakes the transfer's wait at once).
constexpr auto kPromptly = std::chrono::seconds(3);

// Counts the requests a RawTcpServer has read, and holds each reply back until released: a server that accepts
// and reads the request but never answers while the test runs.
class SilentServer {
 public:
  SilentServer()
      : server_([this](const std::string&) {
          std::unique_lock lock(mutex_);
          ++received_;
          changed_.notify_all();
          changed_.wait(lock, [this] { return released_; });
          return std::string();
        }) {}
  ~SilentServer() { release(); }

  void wait_for_requests(int count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return received_ >= count; });
  }
  int received() {
    const std::lock_guard lock(mutex_);
    return received_;
  }
  void release() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/never"; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int received_ = 0;
  bool released_ = false;
  // Last, so that its thread stops (after release()) before the members it uses go.
  RawTcpServer server_;
};

TransportSettings patient_settings(int max_concurrent_requests = 8) {
  TransportSettings settings;
  settings.connect_timeout = std::chrono::seconds(60);
  settings.total_timeout = std::chrono::seconds(60);
  settings.max_concurrent_requests = max_concurrent_requests;
  return settings;
}

// GET `url` on another thread, with `stop`.
std::future<TransportResult> send_async(CurlTransport& transport, const std::string& url, std::stop_token stop) {
  auto request = make_request("GET", url);
  request.stop = std::move(stop);
  return std::async(std::launch::async, [&transport, request = std::move(request)] { return transport.send(request); });
}

// One connection slot and a server that holds every request.
class CurlTransportCancel : public ::testing::Test {
 protected:
  // Sends a GET on another thread and waits until the server holds it, the `nth` request it got.
  std::future<TransportResult> held_request(const std::stop_source& stop, int nth) {
    auto sending = send_async(transport, server.url(), stop.get_token());
    server.wait_for_requests(nth);
    return sending;
  }

  SilentServer server;
  CurlTransport transport{patient_settings(1)};
};

TEST_F(CurlTransportCancel, ARequestStoppedBeforeSendingIsNotSent) {
  std::stop_source stop;
  stop.request_stop();
  auto request = make_request("GET", server.url());
  request.stop = stop.get_token();

  const auto result = transport.send(request);

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::cancelled);
  EXPECT_EQ(to_string(result.error().kind), "cancelled");
  EXPECT_EQ(server.received(), 0);
}

TEST_F(CurlTransportCancel, AStopRequestAbandonsATransferWaitingForTheAnswer) {
  std::stop_source stop;
  auto sending = held_request(stop, 1);

  const auto asked = Clock::now();
  stop.request_stop();
  const auto result = sending.get();
  const auto took = Clock::now() - asked;

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::cancelled);
  EXPECT_LT(took, kPromptly);
  std::cout << "abandoned the transfer "
            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms after the stop request\n";
}

TEST_F(CurlTransportCancel, AStopRequestEndsTheWaitForAFreeConnection) {
  std::stop_source first_stop;
  auto sending_first = held_request(first_stop, 1);

  std::stop_source second_stop;
  auto sending_second = send_async(transport, server.url(), second_stop.get_token());
  const auto asked = Clock::now();
  second_stop.request_stop();
  const auto result = sending_second.get();

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::cancelled);
  EXPECT_LT(Clock::now() - asked, kPromptly);
  EXPECT_EQ(server.received(), 1);
  first_stop.request_stop();
  EXPECT_EQ(sending_first.get().error().kind, TransportErrorKind::cancelled);
}

TEST_F(CurlTransportCancel, AHandleAbandonedMidTransferServesTheNextRequest) {
  std::stop_source stop;
  auto sending = held_request(stop, 1);
  stop.request_stop();
  ASSERT_EQ(sending.get().error().kind, TransportErrorKind::cancelled);

  // The one pooled handle is free again and still works: this request reaches the server, which now answers
  // (with nothing at all).
  server.release();
  const std::stop_source next_stop;
  const auto result = held_request(next_stop, 2).get();
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().kind, TransportErrorKind::cancelled);
}

}  // namespace
}  // namespace rds_exporter::aws
