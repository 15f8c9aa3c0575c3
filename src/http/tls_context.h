#pragma once

// The TLS contexts the server hands new connections, rebuilt when the certificate files change on disk, so that
// certificates rotated by cert-manager (or by hand) are served without a restart.

#include "common/expected.h"
#include "common/file_stamp.h"
#include "http/tls_material.h"
#include "http/web_config.h"

#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace rds_exporter::http {

class TlsContextSource {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  struct Options {
    // How often current() looks at the files; between looks it only reads the clock.
    std::chrono::steady_clock::duration recheck = std::chrono::seconds(1);
    // Injectable for tests; steady_clock::now by default.
    Clock clock;
  };

  static common::Expected<std::unique_ptr<TlsContextSource>, std::string> create(TlsServerConfig config);
  static common::Expected<std::unique_ptr<TlsContextSource>, std::string> create(TlsServerConfig config,
                                                                                 Options options);

  // The context for a new connection. When the cert, key or CA file changed on disk (mtime, size or inode) since
  // the last build, rebuilds it first; a rebuild that fails keeps the previous context, logs one warning naming the
  // file (not its contents) and is retried on a later call. Thread-safe; cheap when nothing changed (a few stat calls,
  // at most once per `recheck` interval, default 1 s, injectable clock for tests).
  std::shared_ptr<boost::asio::ssl::context> current();

  // Checks the client's certificate against client_allowed_sans after the handshake (true when the list is empty).
  // The server closes the connection when this is false, as exporter-toolkit ends such a handshake.
  bool client_allowed(SSL* ssl) const;

  // How many contexts have been built, the first included: for tests and debugging.
  int builds() const;

 private:
  struct Stamps {
    common::FileStamp cert, key, client_ca;
    friend bool operator==(const Stamps&, const Stamps&) = default;
  };

  TlsContextSource(TlsServerConfig config, Options options);
  Stamps stamp() const;
  // A context from the files as they are now, or the error text naming the file at fault.
  common::Expected<std::shared_ptr<boost::asio::ssl::context>, std::string> build() const;

  const TlsServerConfig config_;
  const Options options_;
  mutable std::mutex mutex_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  Stamps built_from_;                // the files as they were when context_ was built
  std::optional<Stamps> failed_at_;  // the files as they were when the last rebuild failed (warned once)
  std::chrono::steady_clock::time_point checked_at_;
  int builds_ = 0;
};

}  // namespace rds_exporter::http
