#include "aws/transport/trust_store.h"

#include "common/file_stamp.h"

#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <map>
#include <mutex>
#include <string_view>

namespace rds_exporter::aws {
namespace {

// The TLS library libcurl hands its contexts from must be this process's OpenSSL: the callback below treats them as
// OpenSSL's SSL_CTX.
bool libcurl_uses_our_openssl() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if (info == nullptr || info->ssl_version == nullptr) return false;
  const std::string_view version = info->ssl_version;
  const std::string expected = "OpenSSL/" + std::to_string(OPENSSL_VERSION_MAJOR) + ".";
  return version.starts_with(expected);
}

struct CurlDefaults {
  std::optional<std::string> file;
  std::optional<std::string> directory;
};

// libcurl's built-in CURLOPT_CAINFO and CURLOPT_CAPATH, what it loads when told nothing else.
CurlDefaults read_curl_defaults() {
  CurlDefaults defaults;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return defaults;
  char* value = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CAINFO, &value) == CURLE_OK && value != nullptr) defaults.file = value;
  value = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CAPATH, &value) == CURLE_OK && value != nullptr) defaults.directory = value;
  curl_easy_cleanup(curl);
  return defaults;
}

const CurlDefaults& curl_defaults() {
  static const CurlDefaults defaults = read_curl_defaults();
  return defaults;
}

std::shared_ptr<X509_STORE> load(const std::optional<std::string>& file, const std::optional<std::string>& directory) {
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
  if (!store) return nullptr;
  if (file && X509_STORE_load_file(store.get(), file->c_str()) != 1) return nullptr;
  // A hashed directory is read lazily, one certificate at a time as a chain needs it.
  if (directory && X509_STORE_load_path(store.get(), directory->c_str()) != 1) return nullptr;
  // What libcurl sets on the stores it loads: the trusted store's issuers before the server's (legacy
  // intermediates), and an intermediate in the bundle may anchor a chain.
  X509_STORE_set_flags(store.get(), X509_V_FLAG_TRUSTED_FIRST | X509_V_FLAG_PARTIAL_CHAIN);
  return store;
}

struct Loaded {
  std::weak_ptr<X509_STORE> store;
  common::FileStamp stamp;
};

}  // namespace

std::shared_ptr<x509_store_st> shared_trust_store(const std::optional<std::string>& ca_bundle) {
  const CurlDefaults& defaults = curl_defaults();
  const std::optional<std::string> file = ca_bundle ? ca_bundle : defaults.file;
  const std::optional<std::string> directory = ca_bundle ? std::nullopt : defaults.directory;
  if (!file && !directory) return nullptr;
  // With the directory alone (no file), the stamp stays that of no file: the directory is read lazily anyway.
  const common::FileStamp stamp = file ? common::stamp_file(*file) : common::FileStamp{};
  if (file && !stamp.exists) return nullptr;
  static std::mutex mutex;
  static std::map<std::string, Loaded> loaded;
  // The bundle's path, or "" for libcurl's defaults (a path is never empty: AWS_CA_BUNDLE="" is refused earlier).
  const std::string key = ca_bundle.value_or("");
  const std::lock_guard lock(mutex);
  Loaded& entry = loaded[key];
  if (entry.stamp == stamp) {
    if (auto store = entry.store.lock()) return store;
  }
  auto store = load(file, directory);
  if (!store) {
    loaded.erase(key);
    return nullptr;
  }
  entry = Loaded{store, stamp};
  return store;
}

bool shared_trust_stores_supported() {
  static const bool supported = libcurl_uses_our_openssl();
  return supported;
}

std::shared_ptr<x509_store_st> TransportTrust::current() {
  auto store = shared_trust_store(ca_bundle_);
  const std::lock_guard lock(mutex_);
  // A store that cannot be loaded (any more) keeps the last one held: it is still shared by the pooled connections.
  if (store) held_ = store;
  return store;
}

std::string TransportTrust::describe() const {
  if (ca_bundle_) return "the CA bundle " + *ca_bundle_;
  const CurlDefaults& defaults = curl_defaults();
  return "the system's certificate authorities (" + defaults.file.value_or(defaults.directory.value_or("none")) + ")";
}

CURLcode use_shared_trust_store(CURL*, void* ssl_ctx, void* data) noexcept {
  auto& transfer = *static_cast<TransferTrust*>(data);
  std::shared_ptr<X509_STORE> store;
  try {
    store = transfer.trust->current();
  } catch (...) {
    store = nullptr;
  }
  if (!store) {
    transfer.load_failed = true;
    return CURLE_SSL_CACERT_BADFILE;
  }
  auto* context = static_cast<SSL_CTX*>(ssl_ctx);
  // Takes a reference: the store outlives the context however long a pooled connection keeps it.
  SSL_CTX_set1_cert_store(context, store.get());
  SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);
  return CURLE_OK;
}

}  // namespace rds_exporter::aws
