#include "sim/server/http_adapter.h"

#include "common/time_text.h"
#include "sim/protocol/form_encoding.h"
#include "sim/server/socket_stream.h"

#include <chrono>
#include <thread>

namespace rds_exporter::sim {
common::HttpRequest to_aws_request(const httplib::Request& request, std::string body) {
  common::HttpRequest out;
  out.method = request.method;
  out.path = request.path;
  if (const std::size_t question = request.target.find('?'); question != std::string::npos) {
    out.query = parse_form(std::string_view(request.target).substr(question + 1));
  }
  out.headers.assign(request.headers.begin(), request.headers.end());
  out.body = std::move(body);
  return out;
}

std::string read_body(const httplib::ContentReader& read_content) {
  std::string body;
  read_content([&body](const char* data, std::size_t size) {
    body.append(data, size);
    return true;
  });
  return body;
}

void write_reply(HttpReply reply, httplib::Response& response) {
  // The delay of an injected fault; the handler's thread is the connection's own, so only this client waits.
  std::this_thread::sleep_for(reply.delay);
  if (reply.drop_connection) SocketStream::drop_current_connection();
  response.status = reply.status;
  for (auto& [name, value] : reply.headers) response.set_header(name, value);
  response.set_header("Date", common::format_http_date(std::chrono::system_clock::now()));
  response.set_content(std::move(reply.body), reply.content_type.c_str());
}

}  // namespace rds_exporter::sim
