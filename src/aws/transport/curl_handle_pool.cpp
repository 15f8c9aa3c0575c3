#include "aws/transport/curl_handle_pool.h"

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace rds_exporter::aws {

CurlHandlePool::Lease::~Lease() {
  if (handles_.easy) pool_->give_back(std::move(handles_));
}

CurlHandlePool::CurlHandlePool(int capacity) : capacity_(capacity) {
  if (capacity < 1) {
    throw std::invalid_argument("at least one concurrent request is needed, got " + std::to_string(capacity));
  }
  // Giving a handle back happens in a destructor, where a reallocation that throws would terminate.
  idle_.reserve(static_cast<std::size_t>(capacity));
}

std::optional<CurlHandlePool::Lease> CurlHandlePool::acquire(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (!returned_.wait(lock, stop, [this] { return !idle_.empty() || created_ < capacity_; })) return std::nullopt;
  if (!idle_.empty()) {
    Handles handles = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(handles));
  }
  Handles handles{MultiHandle(curl_multi_init()), EasyHandle(curl_easy_init())};
  if (!handles.easy || !handles.multi) throw std::bad_alloc();
  ++created_;
  return Lease(*this, std::move(handles));
}

void CurlHandlePool::give_back(Handles handles) {
  // Forgets every option, including pointers into the finished request, but keeps open connections.
  curl_easy_reset(handles.easy.get());
  {
    const std::lock_guard lock(mutex_);
    idle_.push_back(std::move(handles));
  }
  returned_.notify_one();
}

}  // namespace rds_exporter::aws
