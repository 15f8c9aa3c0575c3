#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rds_exporter::http::testing {

// A bare TCP client, for what httplib::Client hides: exactly when bytes go out, and whether the
// server closed the connection.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  void send(const std::string& data);

  // Reads until `marker` has arrived, the server closes or `timeout` passes; returns all it read.
  std::string read_until(const std::string& marker, std::chrono::milliseconds timeout = std::chrono::seconds(3));

  // Reads everything until the server closes or `timeout` passes; `closed` says which.
  std::string read_until_closed(std::chrono::milliseconds timeout, bool& closed);

  // Whether the server closed its end within `timeout`.
  bool closed_by_server(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

}  // namespace rds_exporter::http::testing
