#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

namespace rds_exporter::sim {

// An httplib::Stream over one accepted connection, for a connection loop httplib does not own (see
// connection_server.h). Reads are buffered because httplib parses request lines a byte at a time.
class SocketStream final : public httplib::Stream {
 public:
  SocketStream(int fd, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout);

  // Whether another request starts within `idle_timeout`. A peer that closed, or a connection shut
  // down locally, also counts: reading then sees the end of the stream and the loop ends.
  bool wait_for_request(std::chrono::milliseconds idle_timeout) const;

  // Makes the connection whose request this thread is handling end without a response: its writes fail and
  // shut it down. rds_sim acts out a dropped connection with it (a handler cannot reach its socket through
  // httplib); ConnectionServer lets the next request on the thread write again with keep_current_connection().
  static void drop_current_connection();
  static void keep_current_connection();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  using httplib::Stream::write;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

 private:
  int fd_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  std::array<char, 4096> buffer_{};
  std::size_t buffer_begin_ = 0;
  std::size_t buffer_end_ = 0;
};

}  // namespace rds_exporter::sim
