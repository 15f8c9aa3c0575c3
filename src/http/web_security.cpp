#include "http/basic_auth.h"
#include "http/server.h"
#include "http/tls_context.h"
#include "http/web_config.h"

namespace rds_exporter::http {

common::Expected<WebSecurity, std::string> load_web_security(const std::filesystem::path& file) {
  auto config = load_web_config(file);
  if (!config) return common::Unexpected{std::move(config.error())};
  WebSecurity security;
  if (config->tls) {
    auto tls = TlsContextSource::create(std::move(*config->tls));
    if (!tls) return common::Unexpected{std::move(tls.error())};
    security.tls = std::shared_ptr<TlsContextSource>(std::move(tls.value()));
  }
  if (!config->basic_auth_users.empty()) {
    security.basic_auth = std::make_shared<BasicAuthenticator>(std::move(config->basic_auth_users));
  }
  security.headers = std::move(config->headers);
  return security;
}

}  // namespace rds_exporter::http
