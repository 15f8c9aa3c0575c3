#include "sim/logs/stream_states.h"

namespace rds_exporter::sim::logs {

void StreamStates::remove(std::string_view stream) {
  const std::lock_guard lock(mutex_);
  conditions_[std::string(stream)].deleted = true;
}

void StreamStates::pause(std::string_view stream, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  StreamCondition& condition = conditions_[std::string(stream)];
  if (!condition.paused()) condition.gaps.push_back(StreamGap{now_ms});
}

void StreamStates::resume(std::string_view stream, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  const auto found = conditions_.find(stream);
  if (found == conditions_.end() || !found->second.paused()) return;
  found->second.gaps.back().until_ms = now_ms;
}

StreamCondition StreamStates::condition(std::string_view stream) const {
  const std::lock_guard lock(mutex_);
  const auto found = conditions_.find(stream);
  return found == conditions_.end() ? StreamCondition{} : found->second;
}

void StreamStates::set_empty_first_page(bool on) {
  const std::lock_guard lock(mutex_);
  empty_first_page_ = on;
}

bool StreamStates::empty_first_page() const {
  const std::lock_guard lock(mutex_);
  return empty_first_page_;
}

}  // namespace rds_exporter::sim::logs
