#pragma once

// --web.config.file: exporter-toolkit's web configuration format (the file node_exporter reads), so that users
// reuse the files they have. Parsing only: no Asio here, so that what includes this header does not pay for
// Asio's compile time (tls_context.h builds the TLS contexts). docs/web-config.md lists the format's sources.

#include "common/expected.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::http {

// Go's tls.ClientAuthType, under exporter-toolkit's names.
enum class ClientAuth {
  kNoClientCert,
  kRequestClientCert,
  kRequireAnyClientCert,
  kVerifyClientCertIfGiven,
  kRequireAndVerifyClientCert
};

// exporter-toolkit's name of a policy ("RequireAndVerifyClientCert").
const char* client_auth_name(ClientAuth policy);

struct TlsServerConfig {
  std::filesystem::path cert_file, key_file, client_ca_file;  // resolved against the web config's folder
  ClientAuth client_auth = ClientAuth::kNoClientCert;
  int min_version = 0x0303;                      /* TLS1_2_VERSION */
  int max_version = 0;                           /* 0: newest */
  std::vector<std::string> cipher_suites;        // Go names as written
  std::vector<std::string> client_allowed_sans;  // empty: any

  // Inline PEM alternatives to the files (`cert`, `key`, `client_ca`); empty when the file is used. Never
  // rotated, since there is no file to watch. `key` is a secret: never log it.
  std::string cert_pem, key_pem, client_ca_pem;
  // Go names as written (CurveP256, CurveP384, CurveP521, X25519); empty: OpenSSL's defaults.
  std::vector<std::string> curve_preferences;
  // true (exporter-toolkit's default): the server's order of cipher_suites wins over the client's.
  bool prefer_server_cipher_suites = true;
  // The web config file these settings came from, for error messages and warnings.
  std::filesystem::path source_file;
};

struct WebConfig {
  std::optional<TlsServerConfig> tls;                        // absent: plain HTTP
  std::map<std::string, std::string> basic_auth_users;       // user -> bcrypt hash; empty: no auth
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  // http_server_config.http2 as written (default true). The server speaks HTTP/1.1 only; with TLS, ALPN makes
  // HTTP/2 clients fall back to it, so `true` costs nothing but is not honoured either (see web_config_summary).
  bool http2 = true;
};

// Reads and validates the file, including that the cert and key load and match and the CA file loads (so a bad
// file is an error at start, not at the first handshake). Error text: "<file>: <key>: <what is wrong>; expected
// <form>". Never throws; no error text contains a password, a hash or key material.
common::Expected<WebConfig, std::string> load_web_config(const std::filesystem::path& file);

// The YAML part of load_web_config alone: `text` as the content of `file` (which names it in errors and
// resolves relative paths), without reading any certificate. Never throws.
common::Expected<WebConfig, std::string> parse_web_config(std::string_view text, const std::filesystem::path& file);

// One line for the start-up log, without secrets: "TLS on (TLS12 and newer), client certs
// RequireAndVerifyClientCert, basic auth for 2 users, 1 extra header".
std::string web_config_summary(const WebConfig& config);

}  // namespace rds_exporter::http
