#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim::logs {

// A pause of a stream: no event after `after_ms` and before `until_ms` (epoch milliseconds of data time) is
// written. `until_ms` is the largest int64 while the stream is still paused.
struct StreamGap {
  std::int64_t after_ms = 0;
  std::int64_t until_ms = std::numeric_limits<std::int64_t>::max();

  bool operator==(const StreamGap&) const = default;
};

// What the admin API did to a stream: deleted it, or paused it (and maybe resumed it) any number of times.
struct StreamCondition {
  bool deleted = false;
  std::vector<StreamGap> gaps;

  bool paused() const { return !gaps.empty() && gaps.back().until_ms == std::numeric_limits<std::int64_t>::max(); }
};

// The changes the admin API makes to the Enhanced Monitoring streams at runtime, by stream name (a DbiResourceId,
// unique in the fleet), and the switches of the simulated CloudWatch Logs. Thread-safe.
class StreamStates {
 public:
  // The stream no longer exists from now on.
  void remove(std::string_view stream);
  // No event after `now_ms` is written until resume(); pausing a paused stream changes nothing.
  void pause(std::string_view stream, std::int64_t now_ms);
  // Events from `now_ms` on are written again; resuming a running stream changes nothing.
  void resume(std::string_view stream, std::int64_t now_ms);
  StreamCondition condition(std::string_view stream) const;

  // The empty-first-page switch: FilterLogEvents answers a call without nextToken with no events and a nextToken,
  // as AWS may.
  void set_empty_first_page(bool on);
  bool empty_first_page() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, StreamCondition, std::less<>> conditions_;
  bool empty_first_page_ = false;
};

}  // namespace rds_exporter::sim::logs
