#include "http/tls_material.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

namespace rds_exporter::http::tls_material {
namespace {

struct NamePair {
  std::string_view go;
  std::string_view openssl;
};

// crypto/tls.CipherSuites(): the suites Go implements and does not call insecure. The TLS 1.3 ones are accepted
// and, as in Go, have no effect (TLS 1.3 suites are not configurable there).
constexpr std::array kCipherSuites{
    NamePair{"TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    NamePair{"TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    NamePair{"TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    NamePair{"TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    NamePair{"TLS_AES_128_GCM_SHA256", ""},
    NamePair{"TLS_AES_256_GCM_SHA384", ""},
    NamePair{"TLS_CHACHA20_POLY1305_SHA256", ""},
    NamePair{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    NamePair{"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    NamePair{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    NamePair{"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    NamePair{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    NamePair{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    NamePair{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    NamePair{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    NamePair{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    NamePair{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
};

// exporter-toolkit's curve names (the constants of crypto/tls.CurveID it accepts).
constexpr std::array kCurves{
    NamePair{"CurveP256", "P-256"},
    NamePair{"CurveP384", "P-384"},
    NamePair{"CurveP521", "P-521"},
    NamePair{"X25519", "X25519"},
};

constexpr std::array<std::pair<std::string_view, int>, 4> kVersions{{
    {"TLS10", TLS1_VERSION},
    {"TLS11", TLS1_1_VERSION},
    {"TLS12", TLS1_2_VERSION},
    {"TLS13", TLS1_3_VERSION},
}};

template <std::size_t N>
std::optional<std::string_view> find_openssl_name(const std::array<NamePair, N>& table, std::string_view go) {
  for (const auto& pair : table) {
    if (pair.go == go) return pair.openssl;
  }
  return std::nullopt;
}

template <std::size_t N>
std::vector<std::string> go_names(const std::array<NamePair, N>& table) {
  std::vector<std::string> names;
  for (const auto& pair : table) names.emplace_back(pair.go);
  return names;
}

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// An encrypted key would otherwise make OpenSSL prompt for a pass phrase on the terminal, which would hang a
// server; exporter-toolkit does not support encrypted keys either.
int refuse_password(char*, int, int, void*) { return -1; }

// OpenSSL's own reason for the last failure (e.g. "no start line", "key values mismatch"), which describes the
// structure, never the contents. Clears the queue so that a later failure does not report this one.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : fmt::format("OpenSSL error {:#x}", code);
}

class Configurer {
 public:
  Configurer(SSL_CTX* context, const TlsServerConfig& config) : context_(context), config_(config) {}

  std::optional<std::string> run() {
    ERR_clear_error();
    SSL_CTX_set_default_passwd_cb(context_, &refuse_password);
    if (auto problem = versions()) return problem;
    if (auto problem = ciphers()) return problem;
    if (auto problem = curves()) return problem;
    if (auto problem = certificate_and_key()) return problem;
    if (auto problem = client_cas()) return problem;
    client_policy();
    return std::nullopt;
  }

 private:
  std::string problem(std::string_view key, std::string_view what, std::string_view expected) const {
    return fmt::format("{}: tls_server_config.{}: {}; expected {}", config_.source_file.string(), key, what, expected);
  }

  // The PEM text of a setting: the file's contents, or the inline value.
  std::optional<std::string> read(const std::filesystem::path& file, const std::string& inline_pem,
                                  std::string_view key, std::string_view expected, std::string& text) const {
    if (file.empty()) {
      text = inline_pem;
      return std::nullopt;
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!stream) {
      const int error = errno;
      return problem(key, fmt::format("cannot read {}: {}", file.string(), std::strerror(error)), expected);
    }
    // Certificate chains and keys are a few kilobytes: a much larger file is the wrong file.
    constexpr std::size_t kLimit = 1 << 20;
    text.clear();
    char buffer[8192];
    while (true) {
      const std::size_t count = std::fread(buffer, 1, sizeof buffer, stream.get());
      text.append(buffer, count);
      if (text.size() > kLimit) return problem(key, fmt::format("{} is larger than 1 MiB", file.string()), expected);
      if (count < sizeof buffer) break;
    }
    // A directory opens fine on Linux and fails only here, with EISDIR.
    if (std::ferror(stream.get())) {
      const int error = errno;
      return problem(key, fmt::format("cannot read {}: {}", file.string(), std::strerror(error)), expected);
    }
    return std::nullopt;
  }

  // "cert_file" or "cert", whichever the file used, for error messages.
  static std::string_view key_name(const std::filesystem::path& file, std::string_view file_key,
                                   std::string_view inline_key) {
    return file.empty() ? inline_key : file_key;
  }

  std::string where(const std::filesystem::path& file) const {
    return file.empty() ? std::string("the inline PEM") : file.string();
  }

  std::optional<std::string> versions() {
    if (SSL_CTX_set_min_proto_version(context_, config_.min_version) != 1) {
      return problem("min_version", "OpenSSL refuses this version (" + openssl_reason() + ")", "TLS10 .. TLS13");
    }
    if (SSL_CTX_set_max_proto_version(context_, config_.max_version) != 1) {
      return problem("max_version", "OpenSSL refuses this version (" + openssl_reason() + ")", "TLS10 .. TLS13");
    }
    return std::nullopt;
  }

  std::optional<std::string> ciphers() {
    if (config_.prefer_server_cipher_suites) {
      SSL_CTX_set_options(context_, SSL_OP_CIPHER_SERVER_PREFERENCE);
    } else {
      SSL_CTX_clear_options(context_, SSL_OP_CIPHER_SERVER_PREFERENCE);
    }
    std::string list;
    for (const auto& go_name : config_.cipher_suites) {
      const auto openssl_name = openssl_cipher_name(go_name);
      if (!openssl_name) {
        return problem("cipher_suites", fmt::format("unknown cipher suite \"{}\"", go_name),
                       "names from Go's crypto/tls.CipherSuites(), e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      }
      if (openssl_name->empty()) continue;  // a TLS 1.3 suite: not configurable, as in Go
      if (!list.empty()) list += ':';
      list += *openssl_name;
    }
    if (!list.empty() && SSL_CTX_set_cipher_list(context_, list.c_str()) != 1) {
      return problem("cipher_suites", "OpenSSL supports none of these cipher suites (" + openssl_reason() + ")",
                     "suites this OpenSSL build offers");
    }
    return std::nullopt;
  }

  std::optional<std::string> curves() {
    std::string list;
    for (const auto& go_name : config_.curve_preferences) {
      const auto group = openssl_group_name(go_name);
      if (!group) {
        return problem("curve_preferences", fmt::format("unknown curve \"{}\"", go_name),
                       "CurveP256, CurveP384, CurveP521 or X25519");
      }
      if (!list.empty()) list += ':';
      list += *group;
    }
    if (!list.empty() && SSL_CTX_set1_groups_list(context_, list.c_str()) != 1) {
      return problem("curve_preferences", "OpenSSL refuses these curves (" + openssl_reason() + ")",
                     "CurveP256, CurveP384, CurveP521 or X25519");
    }
    return std::nullopt;
  }

  std::optional<std::string> certificate_and_key() {
    const auto cert_key = key_name(config_.cert_file, "cert_file", "cert");
    constexpr std::string_view cert_form = "a PEM certificate (the server's first, then its intermediates)";
    std::string text;
    if (auto problem = read(config_.cert_file, config_.cert_pem, cert_key, cert_form, text)) return problem;
    const Bio cert_bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
    if (!cert_bio) return problem(cert_key, "out of memory", cert_form);
    X509Ptr leaf(PEM_read_bio_X509_AUX(cert_bio.get(), nullptr, &refuse_password, nullptr), &X509_free);
    if (!leaf) {
      return problem(cert_key,
                     fmt::format("{} holds no PEM certificate ({})", where(config_.cert_file), openssl_reason()),
                     cert_form);
    }
    if (SSL_CTX_use_certificate(context_, leaf.get()) != 1) {
      return problem(
          cert_key,
          fmt::format("OpenSSL refuses the certificate in {} ({})", where(config_.cert_file), openssl_reason()),
          cert_form);
    }
    SSL_CTX_clear_chain_certs(context_);
    while (true) {
      X509Ptr intermediate(PEM_read_bio_X509(cert_bio.get(), nullptr, &refuse_password, nullptr), &X509_free);
      if (!intermediate) break;
      if (SSL_CTX_add0_chain_cert(context_, intermediate.get()) != 1) {
        return problem(cert_key,
                       fmt::format("OpenSSL refuses an intermediate certificate in {} ({})", where(config_.cert_file),
                                   openssl_reason()),
                       cert_form);
      }
      intermediate.release();  // owned by the context now
    }
    ERR_clear_error();  // the loop ends on "no start line" at the end of the text

    const auto key_key = key_name(config_.key_file, "key_file", "key");
    constexpr std::string_view key_form = "an unencrypted PEM private key matching the certificate";
    if (auto problem = read(config_.key_file, config_.key_pem, key_key, key_form, text)) return problem;
    const Bio key_bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
    if (!key_bio) return problem(key_key, "out of memory", key_form);
    KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, &refuse_password, nullptr), &EVP_PKEY_free);
    // The key text is a secret: wipe the copy as soon as OpenSSL has parsed it.
    OPENSSL_cleanse(text.data(), text.size());
    if (!key) {
      return problem(key_key,
                     fmt::format("{} holds no usable PEM private key ({})", where(config_.key_file), openssl_reason()),
                     key_form);
    }
    if (SSL_CTX_use_PrivateKey(context_, key.get()) != 1 || SSL_CTX_check_private_key(context_) != 1) {
      ERR_clear_error();
      return problem(key_key,
                     fmt::format("the key in {} does not match the certificate in {}", where(config_.key_file),
                                 where(config_.cert_file)),
                     key_form);
    }
    return std::nullopt;
  }

  std::optional<std::string> client_cas() {
    if (config_.client_ca_file.empty() && config_.client_ca_pem.empty()) return std::nullopt;
    const auto ca_key = key_name(config_.client_ca_file, "client_ca_file", "client_ca");
    constexpr std::string_view ca_form = "one or more PEM CA certificates that sign client certificates";
    std::string text;
    if (auto problem = read(config_.client_ca_file, config_.client_ca_pem, ca_key, ca_form, text)) return problem;
    const Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
    if (!bio) return problem(ca_key, "out of memory", ca_form);
    X509_STORE* store = SSL_CTX_get_cert_store(context_);
    int count = 0;
    while (true) {
      X509Ptr ca(PEM_read_bio_X509(bio.get(), nullptr, &refuse_password, nullptr), &X509_free);
      if (!ca) break;
      // The store verifies client certificates; the CA list tells clients which certificate to send.
      if (X509_STORE_add_cert(store, ca.get()) != 1 || SSL_CTX_add_client_CA(context_, ca.get()) != 1) {
        return problem(
            ca_key,
            fmt::format("OpenSSL refuses a CA certificate in {} ({})", where(config_.client_ca_file), openssl_reason()),
            ca_form);
      }
      ++count;
    }
    const std::string reason = openssl_reason();
    if (count == 0) {
      return problem(ca_key, fmt::format("{} holds no PEM certificate ({})", where(config_.client_ca_file), reason),
                     ca_form);
    }
    return std::nullopt;
  }

  void client_policy() {
    // OpenSSL verifies against the CA store unless a callback says otherwise; Go's RequestClientCert and
    // RequireAnyClientCert accept any certificate, so they get a callback that accepts everything.
    static constexpr auto accept_any = [](int, X509_STORE_CTX*) { return 1; };
    switch (config_.client_auth) {
      case ClientAuth::kNoClientCert:
        SSL_CTX_set_verify(context_, SSL_VERIFY_NONE, nullptr);
        break;
      case ClientAuth::kRequestClientCert:
        SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, accept_any);
        break;
      case ClientAuth::kRequireAnyClientCert:
        SSL_CTX_set_verify(context_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any);
        break;
      case ClientAuth::kVerifyClientCertIfGiven:
        SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
        break;
      case ClientAuth::kRequireAndVerifyClientCert:
        SSL_CTX_set_verify(context_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
        break;
    }
    // With client certificates, OpenSSL refuses to resume a session unless the context names its sessions.
    static constexpr unsigned char kSessionContext[] = "rds_exporter";
    SSL_CTX_set_session_id_context(context_, kSessionContext, sizeof kSessionContext - 1);
    SSL_CTX_set_options(context_, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  }

  SSL_CTX* context_;
  const TlsServerConfig& config_;
};

std::string asn1_text(const ASN1_STRING* text) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<std::size_t>(ASN1_STRING_length(text)));
}

// As Go's net.IP.String(): dotted quad, or RFC 5952 text for IPv6 (which inet_ntop produces).
std::optional<std::string> ip_text(const ASN1_OCTET_STRING* address) {
  const int length = ASN1_STRING_length(address);
  const unsigned char* bytes = ASN1_STRING_get0_data(address);
  char buffer[INET6_ADDRSTRLEN] = {};
  if (length == 4 && inet_ntop(AF_INET, bytes, buffer, sizeof buffer) != nullptr) return std::string(buffer);
  if (length == 16 && inet_ntop(AF_INET6, bytes, buffer, sizeof buffer) != nullptr) return std::string(buffer);
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> openssl_cipher_name(std::string_view go_name) {
  return find_openssl_name(kCipherSuites, go_name);
}
std::vector<std::string> go_cipher_names() { return go_names(kCipherSuites); }

std::optional<std::string_view> openssl_group_name(std::string_view go_name) {
  return find_openssl_name(kCurves, go_name);
}
std::vector<std::string> go_curve_names() { return go_names(kCurves); }

std::optional<int> tls_version(std::string_view name) {
  for (const auto& [version_name, version] : kVersions) {
    if (version_name == name) return version;
  }
  return std::nullopt;
}

std::string tls_version_name(int version) {
  for (const auto& [version_name, number] : kVersions) {
    if (number == version) return std::string(version_name);
  }
  return fmt::format("{:#06x}", version);
}

std::optional<std::string> configure_server_context(SSL_CTX* context, const TlsServerConfig& config) {
  try {
    return Configurer(context, config).run();
  } catch (const std::exception& e) {
    // Only allocation can throw here; reported rather than let through, as nothing in this library may crash.
    return fmt::format("{}: tls_server_config: {}", config.source_file.string(), e.what());
  }
}

bool certificate_has_allowed_san(X509* certificate, const std::vector<std::string>& allowed) {
  if (certificate == nullptr) return false;
  using Names = std::unique_ptr<GENERAL_NAMES, void (*)(GENERAL_NAMES*)>;
  const Names names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)),
                    [](GENERAL_NAMES* list) { GENERAL_NAMES_free(list); });
  if (!names) return false;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    std::optional<std::string> value;
    switch (name->type) {
      case GEN_DNS:
      case GEN_EMAIL:
      case GEN_URI:
        value = asn1_text(name->d.ia5);
        break;
      case GEN_IPADD:
        value = ip_text(name->d.iPAddress);
        break;
      default:
        break;
    }
    if (value && std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return true;
  }
  return false;
}

}  // namespace rds_exporter::http::tls_material
