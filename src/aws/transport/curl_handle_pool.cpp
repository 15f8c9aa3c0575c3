#include "aws/transport/curl_handle_pool.h"

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace rds_exporter::aws {

CurlHandlePool::Lease::~Lease() {
  if (handle_) pool_->give_back(std::move(handle_));
}

CurlHandlePool::CurlHandlePool(int capacity) : capacity_(capacity) {
  if (capacity < 1) {
    throw std::invalid_argument("at least one concurrent request is needed, got " + std::to_string(capacity));
  }
  // Giving a handle back happens in a destructor, where a reallocation that throws would terminate.
  idle_.reserve(static_cast<std::size_t>(capacity));
}

CurlHandlePool::Lease CurlHandlePool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty() || created_ < capacity_; });
  if (!idle_.empty()) {
    EasyHandle handle = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(handle));
  }
  EasyHandle handle(curl_easy_init());
  if (!handle) throw std::bad_alloc();
  ++created_;
  return Lease(*this, std::move(handle));
}

void CurlHandlePool::give_back(EasyHandle handle) {
  // Forgets every option, including pointers into the finished request, but keeps open connections.
  curl_easy_reset(handle.get());
  {
    const std::lock_guard lock(mutex_);
    idle_.push_back(std::move(handle));
  }
  returned_.notify_one();
}

}  // namespace rds_exporter::aws
