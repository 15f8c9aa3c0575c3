#include "aws/transport/curl_transport.h"
#include "aws/transport/trust_store.h"

#include "loopback_http_server.h"
#include "make_request.h"
#include "raw_tcp_server.h"
#include "scoped_proxy_environment.h"
#include "temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <malloc.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using testing::LoopbackHttpServer;
using testing::make_request;
using testing::ScopedProxyEnvironment;
using testing::TempDir;

struct CertificateFiles {
  std::string certificate;
  std::string key;
};

// A self-signed certificate for the given subjectAltName, written into the directory by the openssl tool.
CertificateFiles self_signed(const std::filesystem::path& directory, const std::string& name,
                             const std::string& subject_alt_name) {
  CertificateFiles files{(directory / (name + ".pem")).string(), (directory / (name + ".key")).string()};
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj /CN=" +
      name + " -addext subjectAltName=" + subject_alt_name + " -keyout '" + files.key + "' -out '" + files.certificate +
      "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl could not make a certificate");
  return files;
}

class CurlTransportTlsTest : public ::testing::Test {
 protected:
  std::unique_ptr<LoopbackHttpServer> https_server(const CertificateFiles& files) {
    auto routes = std::make_unique<httplib::SSLServer>(files.certificate.c_str(), files.key.c_str());
    routes->Get("/", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("secure", "text/plain");
    });
    return std::make_unique<LoopbackHttpServer>(std::move(routes));
  }

  std::string url(const LoopbackHttpServer& server) const {
    return "https://127.0.0.1:" + std::to_string(server.port()) + "/";
  }

  ScopedProxyEnvironment no_proxies_;
  TempDir directory_;
  CertificateFiles loopback_certificate_ = self_signed(directory_.path(), "loopback", "IP:127.0.0.1,DNS:localhost");
};

TEST_F(CurlTransportTlsTest, RefusesACertificateNoTrustedAuthoritySigned) {
  const auto server = https_server(loopback_certificate_);
  CurlTransport transport(TransportSettings{});

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::tls_failed) << result.error().message;
}

TEST_F(CurlTransportTlsTest, TrustsTheCaBundle) {
  const auto server = https_server(loopback_certificate_);
  TransportSettings settings;
  settings.ca_bundle = loopback_certificate_.certificate;
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "secure");
}

TEST_F(CurlTransportTlsTest, RefusesATrustedCertificateForAnotherHost) {
  const auto other = self_signed(directory_.path(), "other", "DNS:other.example");
  const auto server = https_server(other);
  TransportSettings settings;
  settings.ca_bundle = other.certificate;
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::tls_failed) << result.error().message;
}

TEST_F(CurlTransportTlsTest, AMissingCaBundleIsATlsFailureNamingTheFile) {
  const auto server = https_server(loopback_certificate_);
  TransportSettings settings;
  settings.ca_bundle = (directory_.path() / "missing.pem").string();
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::tls_failed) << result.error().message;
  EXPECT_THAT(result.error().message, HasSubstr("missing.pem"));
}

TEST_F(CurlTransportTlsTest, TheCaBundleComesFromAwsCaBundle) {
  const auto server = https_server(loopback_certificate_);
  CurlTransport transport(
      transport_settings_from({{"AWS_CA_BUNDLE", loopback_certificate_.certificate}}, TransportSettings{}));

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "secure");
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(CurlTransportTlsTest, TrustsTheCaPemGivenInMemory) {
  const auto server = https_server(loopback_certificate_);
  TransportSettings settings;
  settings.ca_pem = file_text(loopback_certificate_.certificate);
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "secure");
}

TEST_F(CurlTransportTlsTest, TheCaPemReplacesTheCaBundle) {
  const auto other = self_signed(directory_.path(), "other", "DNS:other.example");
  const auto server = https_server(loopback_certificate_);
  TransportSettings settings;
  settings.ca_bundle = loopback_certificate_.certificate;
  settings.ca_pem = file_text(other.certificate);
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", url(*server)));

  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, TransportErrorKind::tls_failed) << result.error().message;
}

TEST_F(CurlTransportTlsTest, TransportsTrustingTheSameFileShareOneStore) {
  const auto first = shared_trust_store(loopback_certificate_.certificate);
  const auto second = shared_trust_store(loopback_certificate_.certificate);
  const auto other = shared_trust_store(self_signed(directory_.path(), "other", "DNS:other.example").certificate);

  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first.get(), second.get());
  EXPECT_NE(first.get(), other.get());
}

TEST_F(CurlTransportTlsTest, AFileThatCannotBeLoadedGivesNoStore) {
  EXPECT_EQ(shared_trust_store((directory_.path() / "missing.pem").string()), nullptr);
  const std::string not_pem = (directory_.path() / "not.pem").string();
  std::ofstream(not_pem) << "not a certificate\n";
  EXPECT_EQ(shared_trust_store(not_pem), nullptr);
}

TEST_F(CurlTransportTlsTest, AChangedCaBundleIsReadAgainForTheNextNewConnection) {
  const auto other = self_signed(directory_.path(), "other", "DNS:other.example");
  const auto bundle = directory_.path() / "rotated.pem";
  std::filesystem::copy_file(loopback_certificate_.certificate, bundle);
  TransportSettings settings;
  settings.ca_bundle = bundle.string();
  CurlTransport transport(settings);
  const auto first = https_server(loopback_certificate_);
  ASSERT_TRUE(transport.send(make_request("GET", url(*first))));

  // The loopback server's authority is no longer in the file: a new connection is refused...
  std::filesystem::copy_file(other.certificate, bundle, std::filesystem::copy_options::overwrite_existing);
  const auto second = https_server(loopback_certificate_);
  const auto refused = transport.send(make_request("GET", url(*second)));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, TransportErrorKind::tls_failed) << refused.error().message;

  // ... and trusted again once it is back; a file that is gone is named.
  std::filesystem::copy_file(loopback_certificate_.certificate, bundle,
                             std::filesystem::copy_options::overwrite_existing);
  const auto third = https_server(loopback_certificate_);
  EXPECT_TRUE(transport.send(make_request("GET", url(*third))));
  std::filesystem::remove(bundle);
  const auto fourth = https_server(loopback_certificate_);
  const auto missing = transport.send(make_request("GET", url(*fourth)));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, TransportErrorKind::tls_failed) << missing.error().message;
  EXPECT_THAT(missing.error().message, HasSubstr("rotated.pem"));
}

// An https:// proxy is verified against the same authorities as the server, from the same shared store, which
// libcurl adds nothing of its own to.
TEST_F(CurlTransportTlsTest, AnHttpsProxyIsVerifiedAgainstTheCaBundleToo) {
  auto routes = std::make_unique<httplib::SSLServer>(loopback_certificate_.certificate.c_str(),
                                                     loopback_certificate_.key.c_str());
  // A forwarding proxy answers the absolute-form request itself.
  routes->Get(R"(.*)", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("proxied", "text/plain");
  });
  const LoopbackHttpServer proxy(std::move(routes));
  no_proxies_.set("http_proxy", "https://127.0.0.1:" + std::to_string(proxy.port()));
  const std::string target = "http://127.0.0.1:" + std::to_string(testing::unused_loopback_port()) + "/";
  TransportSettings settings;
  settings.ca_bundle = loopback_certificate_.certificate;
  CurlTransport transport(settings);

  const auto result = transport.send(make_request("GET", target));

  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "proxied");
  const auto store = shared_trust_store(loopback_certificate_.certificate);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(sk_X509_OBJECT_num(X509_STORE_get0_objects(store.get())), 1);

  TransportSettings untrusting;
  untrusting.ca_bundle = self_signed(directory_.path(), "other", "DNS:other.example").certificate;
  const auto refused = CurlTransport(untrusting).send(make_request("GET", target));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, TransportErrorKind::tls_failed) << refused.error().message;
}

// Bytes the process has allocated and not freed, in every malloc arena and mapping.
std::size_t heap_in_use() {
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RDS_EXPORTER_SANITIZER_HEAP 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || defined(RDS_EXPORTER_SANITIZER_HEAP)
constexpr bool kGlibcHeap = false;
#else
constexpr bool kGlibcHeap = true;
#endif

// `count` distinct self-signed authorities as PEM text (one key signs them all: only the certificates matter).
std::string many_authorities(int count) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("prime256v1"), EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> pem(BIO_new(BIO_s_mem()), BIO_free);
  if (!key || !pem) throw std::runtime_error("OpenSSL could not make a key");
  for (int i = 0; i < count; ++i) {
    std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), X509_free);
    const std::string name = "authority " + std::to_string(i);
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), i + 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 86400);
    X509_NAME* subject = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(name.c_str()), -1,
                               -1, 0);
    X509_set_issuer_name(certificate.get(), subject);
    X509_set_pubkey(certificate.get(), key.get());
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0 ||
        PEM_write_bio_X509(pem.get(), certificate.get()) != 1) {
      throw std::runtime_error("OpenSSL could not make a certificate");
    }
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(pem.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// A transport's pooled connections to AWS over TLS hold one copy of the certificate authorities between them, not
// one each (a scope has four transports of eight connections). Measured with this test: the heap grew by 6.1 MB
// when each connection loaded the 151 authorities itself, by 1.1 MB with the shared store.
TEST_F(CurlTransportTlsTest, PooledConnectionsShareOneCopyOfTheAuthorities) {
  if (!kGlibcHeap) GTEST_SKIP() << "the heap figures need glibc's allocator, not a sanitizer's";
  constexpr int kConnections = 8;
  // Many authorities, as the system's bundle has, and the loopback server's among them.
  const auto bundle = directory_.path() / "bundle.pem";
  std::ofstream(bundle) << many_authorities(150) << file_text(loopback_certificate_.certificate);
  // The server answers once all the requests are in, so each takes a connection of its own.
  std::mutex mutex;
  std::condition_variable arrived;
  int waiting = 0;
  auto routes = std::make_unique<httplib::SSLServer>(loopback_certificate_.certificate.c_str(),
                                                     loopback_certificate_.key.c_str());
  routes->Get("/", [&](const httplib::Request&, httplib::Response& response) {
    std::unique_lock lock(mutex);
    ++waiting;
    arrived.notify_all();
    arrived.wait_for(lock, std::chrono::seconds(10), [&] { return waiting >= kConnections; });
    response.set_content("secure", "text/plain");
  });
  const LoopbackHttpServer server(std::move(routes));
  TransportSettings settings;
  settings.ca_bundle = bundle.string();
  settings.max_concurrent_requests = kConnections;
  auto transport = std::make_unique<CurlTransport>(settings);
  const std::size_t before = heap_in_use();

  std::vector<std::string> bodies(kConnections);
  {
    std::vector<std::jthread> clients;
    for (int i = 0; i < kConnections; ++i) {
      clients.emplace_back([&, i] {
        const auto result = transport->send(make_request("GET", url(server)));
        bodies[static_cast<std::size_t>(i)] = result ? result->body : result.error().message;
      });
    }
  }
  const std::size_t grown = heap_in_use() - before;

  EXPECT_EQ(bodies, std::vector<std::string>(kConnections, "secure"));
  EXPECT_LT(grown, 3u << 20) << "heap grew by " << grown << " bytes with " << kConnections << " connections open";
}

}  // namespace
}  // namespace rds_exporter::aws
