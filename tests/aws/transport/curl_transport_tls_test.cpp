#include "aws/transport/curl_transport.h"

#include "loopback_http_server.h"
#include "make_request.h"
#include "scoped_proxy_environment.h"
#include "temp_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

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

}  // namespace
}  // namespace rds_exporter::aws
