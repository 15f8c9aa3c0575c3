#pragma once

#include "aws/sigv4/credentials.h"
#include "common/expected.h"
#include "config/settings.h"
#include "remote_write/remote_writer.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::remote_write {

// The delay a `Retry-After` response header line asks for ("Retry-After: 2\r\n", any case), when it gives one in
// seconds; nullopt for any other line, the HTTP-date form and nonsense. At most a day, whatever the receiver says.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view header_line);

// AWS credentials for SigV4 (the process's chain, or a role assumed with it); the error never holds a secret.
using AwsCredentialsSource = std::function<common::Expected<aws::Credentials, std::string>()>;

struct HttpSenderOptions {
  config::RemoteWriteTarget target;
  std::string user_agent;
  // With target.sigv4: the region the exporter runs in when sigv4.region is unset, and the credentials.
  std::string default_region;
  AwsCredentialsSource credentials;
};

// POSTs remote-write 1.0 requests to one target over libcurl, one easy handle (and so one kept-alive connection)
// for the target: headers Content-Encoding: snappy, Content-Type: application/x-protobuf,
// X-Prometheus-Remote-Write-Version: 0.1.0 and User-Agent, then the configured headers and the authentication
// (basic, bearer, or SigV4 for service aps). Token and password files are read at each send, so a rotated secret
// is used at once. A stop request aborts a transfer within about a tenth of a second.
class HttpSender : public Sender {
 public:
  explicit HttpSender(HttpSenderOptions options);
  ~HttpSender() override;

  SendResult send(const std::string& body, std::stop_token stop) override;

 private:
  struct Handle;
  HttpSenderOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace rds_exporter::remote_write
