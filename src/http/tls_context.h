#pragma once
// PLACEHOLDER until wip-webcfg merges.
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include "common/expected.h"
#include "http/web_config.h"
namespace rds_exporter::http {
struct TlsServerConfig;
class TlsContextSource {
 public:
  static common::Expected<std::unique_ptr<TlsContextSource>, std::string> create(TlsServerConfig) { return std::make_unique<TlsContextSource>(); }
  std::shared_ptr<boost::asio::ssl::context> current() { return context_; }
  bool client_allowed(SSL*) const { return true; }
  std::shared_ptr<boost::asio::ssl::context> context_;
};
}
