#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>

// OpenSSL's X509_STORE, kept out of this header.
struct x509_store_st;

namespace rds_exporter::aws {

// The certificate authorities a TLS connection is verified against, loaded once and shared by every connection of
// every transport that trusts the same file.
//
// libcurl loads them itself otherwise: a store per multi handle, and every pooled connection has its own (each of
// CurlTransport's leases is a multi handle). Parsed, Debian's 145-authority bundle takes about 0.9 MB, so each
// pooled connection to AWS over TLS held that much; with four services and eight connections each per scope, a
// fleet of scopes held hundreds of MB of copies of one file (BENCHMARKS.md, "Memory with the default settings").
//
// ca_bundle: the file that replaces the system's authorities (AWS_CA_BUNDLE); unset, libcurl's built-in bundle file
// and directory (/etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs on Debian), as libcurl would load them.
// The store is loaded on first use and again once the file has changed (size, time or inode), and is kept while a
// caller holds it. nullptr when it cannot be loaded: the file cannot be read or holds no certificate.
std::shared_ptr<x509_store_st> shared_trust_store(const std::optional<std::string>& ca_bundle);

// Whether libcurl hands its TLS contexts from this process's OpenSSL, so that they can be given a shared store.
bool shared_trust_stores_supported();

// The authorities of one transport's connections: the shared store of its CA bundle, asked for when a TLS
// connection is made (a transport that speaks plain http only loads none) and held so that it stays shared.
class TransportTrust {
 public:
  explicit TransportTrust(std::optional<std::string> ca_bundle) : ca_bundle_(std::move(ca_bundle)) {}

  // The store for a new TLS connection: shared_trust_store's, loaded again when the file has changed.
  std::shared_ptr<x509_store_st> current();
  // What the authorities are, for messages: the bundle's path, or libcurl's default one.
  std::string describe() const;

 private:
  const std::optional<std::string> ca_bundle_;
  std::mutex mutex_;
  std::shared_ptr<x509_store_st> held_;
};

// CURLOPT_SSL_CTX_DATA for use_shared_trust_store: one transfer's.
struct TransferTrust {
  TransportTrust* trust = nullptr;
  // Set when the authorities could not be loaded; the transfer then ends with CURLE_SSL_CACERT_BADFILE.
  bool load_failed = false;
};

// For CURLOPT_SSL_CTX_FUNCTION, with a TransferTrust as CURLOPT_SSL_CTX_DATA: gives each TLS context of a transfer,
// the server's and an https:// proxy's, the shared store, and has it release its read and write buffers (about
// 34 KB) while the connection idles in the pool. The caller has libcurl load no authority itself (CURLOPT_CAINFO,
// CURLOPT_CAPATH and their PROXY_ forms null).
CURLcode use_shared_trust_store(CURL* curl, void* ssl_ctx, void* transfer) noexcept;

}  // namespace rds_exporter::aws
