#include "http/tls_context.h"

#include "logging/log_setup.h"

#include <openssl/x509.h>

#include <exception>
#include <utility>

namespace rds_exporter::http {

common::Expected<std::unique_ptr<TlsContextSource>, std::string> TlsContextSource::create(TlsServerConfig config) {
  return create(std::move(config), Options{});
}

common::Expected<std::unique_ptr<TlsContextSource>, std::string> TlsContextSource::create(TlsServerConfig config,
                                                                                          Options options) {
  if (!options.clock) options.clock = [] { return std::chrono::steady_clock::now(); };
  std::unique_ptr<TlsContextSource> source(new TlsContextSource(std::move(config), std::move(options)));
  const Stamps stamps = source->stamp();
  auto context = source->build();
  if (!context) return common::Unexpected{std::move(context).error()};
  source->context_ = std::move(*context);
  source->built_from_ = stamps;
  source->builds_ = 1;
  source->checked_at_ = source->options_.clock();
  return source;
}

TlsContextSource::TlsContextSource(TlsServerConfig config, Options options)
    : config_(std::move(config)), options_(std::move(options)) {}

TlsContextSource::Stamps TlsContextSource::stamp() const {
  return Stamps{common::stamp_file(config_.cert_file), common::stamp_file(config_.key_file),
                common::stamp_file(config_.client_ca_file)};
}

common::Expected<std::shared_ptr<boost::asio::ssl::context>, std::string> TlsContextSource::build() const {
  try {
    auto context = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
    if (auto problem = tls_material::configure_server_context(context->native_handle(), config_)) {
      return common::Unexpected{std::move(*problem)};
    }
    return context;
  } catch (const std::exception& e) {
    // asio throws when OpenSSL cannot make a context at all (out of memory): reported, never let through.
    return common::Unexpected{config_.source_file.string() + ": tls_server_config: cannot make a TLS context (" +
                              e.what() + ")"};
  }
}

std::shared_ptr<boost::asio::ssl::context> TlsContextSource::current() {
  const std::lock_guard lock(mutex_);
  const auto now = options_.clock();
  if (now - checked_at_ < options_.recheck) return context_;
  checked_at_ = now;
  const Stamps stamps = stamp();
  if (stamps == built_from_) return context_;
  // Rebuilt under the lock: connections arriving meanwhile wait a few milliseconds rather than each rebuilding.
  auto rebuilt = build();
  if (rebuilt) {
    context_ = std::move(*rebuilt);
    built_from_ = stamps;
    failed_at_.reset();
    ++builds_;
    logging::logger("http")->info("TLS certificate files changed on disk; new connections use them");
    return context_;
  }
  // Retried at every recheck (a half-written pair becomes whole, a permission gets fixed), but warned about
  // once per state of the files, so that a broken file does not flood the log.
  if (failed_at_ != stamps) {
    failed_at_ = stamps;
    logging::logger("http")->warn(
        "TLS certificate files changed but cannot be used; still serving the previous "
        "certificate: {}",
        rebuilt.error());
  }
  return context_;
}

bool TlsContextSource::client_allowed(SSL* ssl) const {
  if (config_.client_allowed_sans.empty()) return true;
  if (ssl == nullptr) return false;
  const std::unique_ptr<X509, decltype(&X509_free)> peer(SSL_get1_peer_certificate(ssl), &X509_free);
  return tls_material::certificate_has_allowed_san(peer.get(), config_.client_allowed_sans);
}

int TlsContextSource::builds() const {
  const std::lock_guard lock(mutex_);
  return builds_;
}

}  // namespace rds_exporter::http
