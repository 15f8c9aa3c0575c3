#pragma once

#include <curl/curl.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace rds_exporter::aws {

// At most `capacity` libcurl easy handles, each used by one request at a time. A handle keeps its open
// connections between requests, so handing back the most recently used one first keeps those connections
// busy and lets idle ones time out.
class CurlHandlePool {
 public:
  struct EasyCleanup {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  };
  using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;

  // A handle on loan; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(CurlHandlePool& pool, EasyHandle handle) : pool_(&pool), handle_(std::move(handle)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    CURL* get() const { return handle_.get(); }

   private:
    CurlHandlePool* pool_;
    EasyHandle handle_;
  };

  // Throws std::invalid_argument when capacity is below 1.
  explicit CurlHandlePool(int capacity);

  // A handle with libcurl's default options. Blocks while all handles are on loan. Throws std::bad_alloc when libcurl
  // cannot create a handle.
  Lease acquire();

 private:
  void give_back(EasyHandle handle);

  const int capacity_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<EasyHandle> idle_;
  int created_ = 0;
};

}  // namespace rds_exporter::aws
