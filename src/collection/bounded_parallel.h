#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace rds_exporter::collection {

// Runs task(i) for every i in [0, count) with at most `max_in_flight` running at once: the calling thread and up
// to max_in_flight − 1 helpers each take the next index until none is left, so the thread count never grows with
// the work. Returns when every task has finished. `task` must be safe to call from several threads.
template <typename Task>
void for_each_bounded(std::size_t count, int max_in_flight, const Task& task) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) task(i);
  };
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, max_in_flight)), count);
  std::vector<std::jthread> helpers;
  for (std::size_t helper = 1; helper < workers; ++helper) helpers.emplace_back(work);
  work();
}

}  // namespace rds_exporter::collection
