#include "http/tls_context.h"

#include "../aws/transport/temp_dir.h"
#include "logging/log_setup.h"
#include "test_pki.h"

#include <boost/asio/read.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <spdlog/sinks/ringbuffer_sink.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace rds_exporter::http {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using ::testing::HasSubstr;
using testing::KeyPair;
using ::testing::Not;
using testing::TestPki;

struct Exchange {
  boost::system::error_code server_error;  // the server's handshake
  boost::system::error_code client_error;  // the client's handshake
  std::string served_common_name;          // the CN of the certificate the client was shown
  std::string cipher;                      // as OpenSSL names it
  bool allowed = false;                    // TlsContextSource::client_allowed after the handshake
  std::string received;                    // what the client read: "ok" when the server let it in
};

// One connection over loopback, both ends in this thread: the server end from `source`, as the exporter's server
// will use it, which answers "ok" when the handshake succeeds and client_allowed() agrees.
Exchange connect(TlsContextSource& source, ssl::context& client_context) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  const auto server_context = source.current();
  ssl::stream<tcp::socket> server(io, *server_context);
  ssl::stream<tcp::socket> client(io, client_context);
  Exchange exchange;
  char byte[2] = {};

  acceptor.async_accept(server.next_layer(), [&](boost::system::error_code error) {
    if (error) {
      exchange.server_error = error;
      return;
    }
    server.async_handshake(ssl::stream_base::server, [&](boost::system::error_code handshake_error) {
      exchange.server_error = handshake_error;
      if (handshake_error) return;
      exchange.allowed = source.client_allowed(server.native_handle());
      if (!exchange.allowed) {
        server.next_layer().close();
        return;
      }
      asio::async_write(server, asio::buffer("ok", 2),
                        [&](boost::system::error_code, std::size_t) { server.next_layer().close(); });
    });
  });
  client.next_layer().async_connect(acceptor.local_endpoint(), [&](boost::system::error_code error) {
    if (error) {
      exchange.client_error = error;
      return;
    }
    client.async_handshake(ssl::stream_base::client, [&](boost::system::error_code handshake_error) {
      exchange.client_error = handshake_error;
      if (handshake_error) return;
      exchange.cipher = SSL_get_cipher_name(client.native_handle());
      const std::unique_ptr<X509, decltype(&X509_free)> peer(SSL_get1_peer_certificate(client.native_handle()),
                                                             &X509_free);
      char name[256] = {};
      if (peer && X509_NAME_get_text_by_NID(X509_get_subject_name(peer.get()), NID_commonName, name, sizeof name) > 0) {
        exchange.served_common_name = name;
      }
      asio::async_read(client, asio::buffer(byte, 2), [&](boost::system::error_code read_error, std::size_t) {
        if (!read_error) exchange.received.assign(byte, 2);
      });
    });
  });
  io.run_for(std::chrono::seconds(20));  // a bound, not a wait: every exchange ends in milliseconds
  return exchange;
}

class TlsContextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new aws::testing::TempDir();
    pki_ = new TestPki(directory_->path());
    pki_->issue("server-1", "server-1", "DNS:localhost,IP:127.0.0.1", 101);
    pki_->issue("server-2", "server-2", "DNS:localhost,IP:127.0.0.1", 102);
    pki_->issue("client", "client", "DNS:client.example,URI:spiffe://example/scraper", 201);
    pki_->issue("intruder", "intruder", "DNS:intruder.example", 202);
    pki_->self_signed("stranger", "stranger");
    std::filesystem::create_directory(directory_->path() / "next-ca");
    next_pki_ = new TestPki(directory_->path() / "next-ca");
    next_pki_->issue("client", "next-client", "DNS:client.example", 301);
  }
  static void TearDownTestSuite() {
    delete next_pki_;
    delete pki_;
    delete directory_;
  }

  static std::filesystem::path file(const std::string& name) { return directory_->path() / name; }

  void SetUp() override {
    // Each test serves from its own copies, which the rotation tests replace.
    serving_ = directory_->path() / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directory(serving_);
    serve("server-1");
  }

  // Puts a certificate and key in place the way cert-manager does: new files renamed over the old ones.
  void serve(const std::string& stem) {
    std::filesystem::copy_file(file(stem + ".pem"), serving_ / "next.pem");
    std::filesystem::copy_file(file(stem + ".key"), serving_ / "next.key");
    std::filesystem::rename(serving_ / "next.pem", serving_ / "tls.crt");
    std::filesystem::rename(serving_ / "next.key", serving_ / "tls.key");
  }

  TlsServerConfig config() const {
    TlsServerConfig tls;
    tls.cert_file = serving_ / "tls.crt";
    tls.key_file = serving_ / "tls.key";
    tls.source_file = "web.yml";
    return tls;
  }

  TlsServerConfig mutual_tls() const {
    auto tls = config();
    tls.client_auth = ClientAuth::kRequireAndVerifyClientCert;
    tls.client_ca_file = pki_->ca_certificate();
    return tls;
  }

  std::unique_ptr<TlsContextSource> source(TlsServerConfig tls) {
    auto created = TlsContextSource::create(
        std::move(tls), TlsContextSource::Options{std::chrono::seconds(1), [this] { return now_; }});
    EXPECT_TRUE(created) << created.error();
    return created ? std::move(*created) : nullptr;
  }

  // A client that trusts the test CA, optionally presenting one of the suite's certificates.
  static std::unique_ptr<ssl::context> client(const std::string& certificate = "") {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    context->load_verify_file(pki_->ca_certificate().string());
    context->set_verify_mode(ssl::verify_peer);
    if (!certificate.empty()) {
      context->use_certificate_chain_file(file(certificate + ".pem").string());
      context->use_private_key_file(file(certificate + ".key").string(), ssl::context::pem);
    }
    return context;
  }

  static aws::testing::TempDir* directory_;
  static TestPki* pki_;
  static TestPki* next_pki_;  // another CA, for rotating the client CA
  std::filesystem::path serving_;
  std::chrono::steady_clock::time_point now_{};
};

aws::testing::TempDir* TlsContextTest::directory_ = nullptr;
TestPki* TlsContextTest::pki_ = nullptr;
TestPki* TlsContextTest::next_pki_ = nullptr;

TEST_F(TlsContextTest, ServesTheConfiguredCertificate) {
  const auto tls = source(config());
  const auto trusting = client();

  const auto exchange = connect(*tls, *trusting);

  EXPECT_FALSE(exchange.server_error) << exchange.server_error.message();
  EXPECT_FALSE(exchange.client_error) << exchange.client_error.message();
  EXPECT_EQ(exchange.served_common_name, "server-1");
  EXPECT_EQ(exchange.received, "ok");
}

TEST_F(TlsContextTest, RequireAndVerifyClientCertLetsInOnlyClientsTheCaSigned) {
  const auto tls = source(mutual_tls());

  const auto anonymous = client();
  const auto without_certificate = connect(*tls, *anonymous);
  EXPECT_TRUE(without_certificate.server_error);
  EXPECT_NE(without_certificate.received, "ok");

  const auto stranger = client("stranger");
  const auto self_signed = connect(*tls, *stranger);
  EXPECT_TRUE(self_signed.server_error);
  EXPECT_NE(self_signed.received, "ok");

  const auto scraper = client("client");
  const auto signed_by_ca = connect(*tls, *scraper);
  EXPECT_FALSE(signed_by_ca.server_error) << signed_by_ca.server_error.message();
  EXPECT_EQ(signed_by_ca.received, "ok");
}

TEST_F(TlsContextTest, RequireAnyClientCertTakesAnyCertificateButNone) {
  auto settings = config();
  settings.client_auth = ClientAuth::kRequireAnyClientCert;
  const auto tls = source(settings);

  const auto anonymous = client();
  EXPECT_NE(connect(*tls, *anonymous).received, "ok");
  const auto stranger = client("stranger");
  EXPECT_EQ(connect(*tls, *stranger).received, "ok");
}

TEST_F(TlsContextTest, VerifyClientCertIfGivenTakesNoCertificateButNotABadOne) {
  auto settings = mutual_tls();
  settings.client_auth = ClientAuth::kVerifyClientCertIfGiven;
  const auto tls = source(settings);

  const auto anonymous = client();
  EXPECT_EQ(connect(*tls, *anonymous).received, "ok");
  const auto stranger = client("stranger");
  EXPECT_NE(connect(*tls, *stranger).received, "ok");
}

TEST_F(TlsContextTest, ClientAllowedSansRefusesOtherClientsOfTheSameCa) {
  auto settings = mutual_tls();
  settings.client_allowed_sans = {"spiffe://example/scraper"};
  const auto tls = source(settings);

  const auto scraper = client("client");
  const auto allowed = connect(*tls, *scraper);
  EXPECT_TRUE(allowed.allowed);
  EXPECT_EQ(allowed.received, "ok");

  const auto intruder = client("intruder");
  const auto refused = connect(*tls, *intruder);
  EXPECT_FALSE(refused.server_error);  // the CA signed it: only the SAN check refuses it
  EXPECT_FALSE(refused.allowed);
  EXPECT_NE(refused.received, "ok");
}

TEST_F(TlsContextTest, MinVersionTls13RefusesATls12OnlyClient) {
  auto settings = config();
  settings.min_version = TLS1_3_VERSION;
  const auto tls = source(settings);
  const auto old_client = client();
  SSL_CTX_set_max_proto_version(old_client->native_handle(), TLS1_2_VERSION);

  const auto exchange = connect(*tls, *old_client);

  EXPECT_TRUE(exchange.client_error);
  EXPECT_NE(exchange.received, "ok");
  const auto current_client = client();
  EXPECT_EQ(connect(*tls, *current_client).received, "ok");
}

TEST_F(TlsContextTest, CipherSuitesChooseTheTls12Cipher) {
  auto settings = config();
  settings.max_version = TLS1_2_VERSION;
  settings.cipher_suites = {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
  const auto tls = source(settings);
  const auto trusting = client();

  const auto exchange = connect(*tls, *trusting);

  EXPECT_EQ(exchange.received, "ok");
  EXPECT_EQ(exchange.cipher, "ECDHE-ECDSA-CHACHA20-POLY1305");
}

TEST_F(TlsContextTest, ServesReplacedCertificateFilesWithoutARestart) {
  const auto tls = source(config());
  const auto trusting = client();
  const auto first = tls->current();

  serve("server-2");
  // Within the recheck interval the files are not even looked at.
  EXPECT_EQ(tls->current(), first);
  EXPECT_EQ(connect(*tls, *trusting).served_common_name, "server-1");

  now_ += std::chrono::seconds(2);
  EXPECT_NE(tls->current(), first);
  EXPECT_EQ(connect(*tls, *trusting).served_common_name, "server-2");
  EXPECT_EQ(tls->builds(), 2);

  // Nothing changed since: no rebuild, however often it checks.
  now_ += std::chrono::seconds(2);
  const auto second = tls->current();
  now_ += std::chrono::seconds(2);
  EXPECT_EQ(tls->current(), second);
  EXPECT_EQ(tls->builds(), 2);
}

TEST_F(TlsContextTest, ACorruptReplacementKeepsTheCurrentCertificateAndWarnsOnce) {
  const auto tls = source(config());
  const auto trusting = client();
  const auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text, sink);

  const std::string garbage = "-----BEGIN CERTIFICATE-----\nc2VjcmV0IGdhcmJhZ2U=\n-----END CERTIFICATE-----\n";
  testing::write_file(serving_ / "next.pem", garbage);
  std::filesystem::rename(serving_ / "next.pem", serving_ / "tls.crt");
  now_ += std::chrono::seconds(2);
  const auto still_serving = connect(*tls, *trusting);
  now_ += std::chrono::seconds(2);
  tls->current();  // tried again, not warned again

  // Half a rotation: the new certificate is in place, its key not yet.
  std::filesystem::copy_file(file("server-2.pem"), serving_ / "next.pem");
  std::filesystem::rename(serving_ / "next.pem", serving_ / "tls.crt");
  now_ += std::chrono::seconds(2);
  const auto half_rotated = connect(*tls, *trusting);

  const auto lines = sink->last_formatted();
  logging::configure_logging(logging::LevelSpec{}, logging::LogFormat::text);

  EXPECT_EQ(still_serving.served_common_name, "server-1");
  EXPECT_EQ(still_serving.received, "ok");
  EXPECT_EQ(half_rotated.served_common_name, "server-1");
  EXPECT_EQ(tls->builds(), 1);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr((serving_ / "tls.crt").string()));
  EXPECT_THAT(lines[0], HasSubstr("tls_server_config.cert_file"));
  EXPECT_THAT(lines[0], Not(HasSubstr("c2VjcmV0")));
  EXPECT_THAT(lines[1], HasSubstr("does not match"));

  // The key arrives: the rotation completes.
  std::filesystem::copy_file(file("server-2.key"), serving_ / "next.key");
  std::filesystem::rename(serving_ / "next.key", serving_ / "tls.key");
  now_ += std::chrono::seconds(2);
  EXPECT_EQ(connect(*tls, *trusting).served_common_name, "server-2");
}

TEST_F(TlsContextTest, AReplacedClientCaFileTrustsTheNewCa) {
  std::filesystem::copy_file(pki_->ca_certificate(), serving_ / "ca.crt");
  auto settings = mutual_tls();
  settings.client_ca_file = serving_ / "ca.crt";
  const auto tls = source(settings);
  const auto next_client = client("next-ca/client");
  EXPECT_NE(connect(*tls, *next_client).received, "ok");

  std::filesystem::copy_file(next_pki_->ca_certificate(), serving_ / "next.crt");
  std::filesystem::rename(serving_ / "next.crt", serving_ / "ca.crt");
  now_ += std::chrono::seconds(2);

  EXPECT_EQ(connect(*tls, *next_client).received, "ok");
  const auto old_client = client("client");
  EXPECT_NE(connect(*tls, *old_client).received, "ok");
}

TEST_F(TlsContextTest, CreateReportsAnUnusableFile) {
  auto settings = config();
  settings.key_file = file("absent.key");

  const auto created = TlsContextSource::create(settings);

  ASSERT_FALSE(created);
  EXPECT_THAT(created.error(), HasSubstr("web.yml: tls_server_config.key_file: cannot read"));
  EXPECT_THAT(created.error(), HasSubstr("absent.key"));
}

}  // namespace
}  // namespace rds_exporter::http
