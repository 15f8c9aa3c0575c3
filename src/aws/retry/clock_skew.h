#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace rds_exporter::aws {

// AWS refuses signatures more than 15 minutes off its own clock. A host whose clock drifted (a VM
// restored from a snapshot, a container without NTP) would otherwise fail every call; like AWS's SDKs,
// we learn the offset from the Date header of AWS's answers and sign with the corrected time.
class ClockSkew {
 public:
  using SystemClock = std::chrono::system_clock;

  // Offsets below this are left alone: they are within AWS's tolerance and Date has 1 s resolution.
  static constexpr std::chrono::minutes kCorrectionThreshold{5};
  // Offsets beyond this are not believed: no drifted clock is a century off, and the cap keeps every corrected
  // time's arithmetic within the clock's 64-bit nanoseconds.
  static constexpr std::chrono::years kLargestOffset{100};

  // The local time corrected by the learned offset: the signing time. Held at the ends of the clock's range
  // (2262-04-11 with libstdc++) rather than overflowing them.
  SystemClock::time_point now() const;
  SystemClock::time_point corrected(SystemClock::time_point local) const;

  // Compares the server's Date (RFC 7231, "Wed, 25 Nov 2026 01:42:41 GMT") with `local`; returns true when
  // it changed the offset, i.e. a request refused for its time is worth signing again.
  bool observe_server_date(std::string_view date_header, SystemClock::time_point local);

  std::chrono::milliseconds offset() const;

 private:
  std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace rds_exporter::aws
