#pragma once

#include <curl/curl.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

namespace rds_exporter::aws {

// At most `capacity` libcurl easy handles, each used by one request at a time, each with a multi handle of its
// own that runs its transfers (so that a transfer can be woken and abandoned, see CurlTransport) and keeps its
// open connections between requests, as curl_easy_perform's hidden multi handle would. Handing back the most
// recently used one first keeps those connections busy and lets idle ones time out.
class CurlHandlePool {
 public:
  struct EasyCleanup {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  };
  using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
  struct MultiCleanup {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
  };
  using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;
  // The easy handle is never left added to its multi handle between requests; declared after it so that it
  // is cleaned up first.
  struct Handles {
    MultiHandle multi;
    EasyHandle easy;
  };

  // A handle on loan; it goes back to the pool when the lease ends.
  class Lease {
   public:
    Lease(CurlHandlePool& pool, Handles handles) : pool_(&pool), handles_(std::move(handles)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    CURL* get() const { return handles_.easy.get(); }
    CURLM* multi() const { return handles_.multi.get(); }

   private:
    CurlHandlePool* pool_;
    Handles handles_;
  };

  // Throws std::invalid_argument when capacity is below 1.
  explicit CurlHandlePool(int capacity);

  // A handle with libcurl's default options. Blocks while all handles are on loan; nothing when `stop` is
  // requested before one is free. Throws std::bad_alloc when libcurl cannot create a handle.
  std::optional<Lease> acquire(std::stop_token stop = {});

 private:
  void give_back(Handles handles);

  const int capacity_;
  std::mutex mutex_;
  std::condition_variable_any returned_;
  std::vector<Handles> idle_;
  int created_ = 0;
};

}  // namespace rds_exporter::aws
