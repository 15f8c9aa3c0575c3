#include "aws/transport/stopping_transport.h"

#include <gtest/gtest.h>

#include <memory>
#include <stop_token>

namespace rds_exporter::aws {
namespace {

// Answers 200 and keeps the stop token of the last request.
class TokenKeepingTransport final : public HttpTransport {
 public:
  explicit TokenKeepingTransport(std::stop_token* seen) : seen_(seen) {}
  TransportResult send(const OutgoingRequest& request) override {
    *seen_ = request.stop;
    return common::HttpResponse{200, {}, ""};
  }

 private:
  std::stop_token* seen_;
};

TEST(StoppingTransport, GivesItsTokenToRequestsWithoutOne) {
  std::stop_token seen;
  std::stop_source stop;
  auto transport = stopping_transport(std::make_unique<TokenKeepingTransport>(&seen), stop.get_token());
  ASSERT_TRUE(transport->send(OutgoingRequest{}));
  EXPECT_EQ(seen, stop.get_token());
}

TEST(StoppingTransport, ARequestWithItsOwnTokenStopsWhenEitherIsRequested) {
  for (const bool ours : {true, false}) {
    std::stop_source session;
    std::stop_source request_source;
    OutgoingRequest request;
    request.stop = request_source.get_token();
    // Requests one of the two stops while the transfer is under way and looks at the token it was given.
    class Asking final : public HttpTransport {
     public:
      Asking(std::stop_source& source, bool* stopped) : source_(source), stopped_(stopped) {}
      TransportResult send(const OutgoingRequest& request) override {
        source_.request_stop();
        *stopped_ = request.stop.stop_requested();
        return common::HttpResponse{200, {}, ""};
      }

     private:
      std::stop_source& source_;
      bool* stopped_;
    };
    bool stopped = false;
    StoppingTransport asking(std::make_unique<Asking>(ours ? session : request_source, &stopped), session.get_token());
    ASSERT_TRUE(asking.send(request));
    EXPECT_TRUE(stopped) << (ours ? "the transport's token" : "the request's token");
  }
}

TEST(StoppingTransport, IsLeftOutWhenTheTokenCanNeverStop) {
  std::stop_token seen;
  auto inner = std::make_unique<TokenKeepingTransport>(&seen);
  HttpTransport* raw = inner.get();
  EXPECT_EQ(stopping_transport(std::move(inner), {}).get(), raw);
}

}  // namespace
}  // namespace rds_exporter::aws
