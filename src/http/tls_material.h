#pragma once

// The OpenSSL side of tls_server_config, shared by load_web_config (which checks at start that the files load)
// and TlsContextSource (which builds the contexts the server uses). Plain OpenSSL, no Asio, so that parsing does
// not pay for Asio's compile time. Internal to rds_http_security.

#include "http/web_config.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::http::tls_material {

// Go's cipher suite name (crypto/tls.CipherSuites()) -> OpenSSL's name; nullopt for a name Go does not list.
// TLS 1.3 suites map to an empty string: like Go, the setting applies to TLS 1.2 and older only.
std::optional<std::string_view> openssl_cipher_name(std::string_view go_name);
std::vector<std::string> go_cipher_names();

// Go's curve name (CurveP256, CurveP384, CurveP521, X25519) -> OpenSSL's group name.
std::optional<std::string_view> openssl_group_name(std::string_view go_name);
std::vector<std::string> go_curve_names();

// "TLS12" -> 0x0303; nullopt for anything else.
std::optional<int> tls_version(std::string_view name);
std::string tls_version_name(int version);

// Applies every setting to a fresh server context: versions, cipher suites, curves, certificate chain and key
// (checked to match), client CAs and the client-certificate policy. Returns the problem as the full error text
// ("<web config>: tls_server_config.<key>: <what>; expected <form>"), naming files, never their contents.
std::optional<std::string> configure_server_context(SSL_CTX* context, const TlsServerConfig& config);

// Whether the certificate has a subjectAltName (DNS, e-mail, IP or URI) exactly equal to one of `allowed`,
// as exporter-toolkit's VerifyPeerCertificate checks.
bool certificate_has_allowed_san(X509* certificate, const std::vector<std::string>& allowed);

}  // namespace rds_exporter::http::tls_material
