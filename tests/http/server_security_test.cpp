// The server with --web.config.file: TLS, client certificates and basic auth as a client meets them, through
// httplib's OpenSSL client and certificates the openssl tool makes at test time.
#include "http/server.h"

#include "../aws/transport/temp_dir.h"
#include "test_pki.h"

#include <crypt.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <stdexcept>

namespace rds_exporter::http {
namespace {

using ::testing::HasSubstr;
using testing::TestPki;
using testing::write_file;
using namespace std::chrono_literals;

std::string bcrypt(const std::string& password) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  if (crypt_gensalt_rn("$2y$", 4, nullptr, 0, setting, sizeof setting) == nullptr) {
    throw std::runtime_error("crypt_gensalt_rn failed");
  }
  const auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(password.c_str(), setting, data.get(), sizeof *data);
  if (hash == nullptr) throw std::runtime_error("crypt_rn failed");
  return hash;
}

Handlers handlers() {
  return {[](bool, exposition::Format) { return MetricsBody::of("rds_up 1\n", false); }, [] { return Health{}; }, [] { return Health{}; },
          nullptr};
}

class ServerSecurityTest : public ::testing::Test {
 protected:
  ServerSecurityTest()
      : pki_(dir_.path()),
        server_pair_(pki_.issue("server", "localhost", "DNS:localhost,IP:127.0.0.1", 2)),
        client_pair_(pki_.issue("client", "prometheus", "DNS:prometheus", 3)) {}

  // Starts a server with the web config `yaml` (written to web.yml beside the certificates).
  void start(const std::string& yaml) {
    write_file(dir_.path() / "web.yml", yaml);
    auto security = load_web_security(dir_.path() / "web.yml");
    ASSERT_TRUE(security) << security.error();
    server_ = std::make_unique<Server>(ServerOptions{"127.0.0.1", 0, "x"}, handlers(), std::move(security.value()));
    ASSERT_EQ(server_->start(), std::nullopt);
  }

  std::string tls_section(const std::string& client_auth = "NoClientCert") const {
    std::string section = "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n";
    if (client_auth == "NoClientCert") return section;
    return section + "  client_auth_type: " + client_auth + "\n  client_ca_file: " + pki_.ca_certificate().string() +
           "\n";
  }

  std::unique_ptr<httplib::SSLClient> https_client(bool with_client_certificate = false) const {
    auto client = with_client_certificate
                      ? std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port(),
                                                             client_pair_.certificate.string(), client_pair_.key.string())
                      : std::make_unique<httplib::SSLClient>("127.0.0.1", server_->port());
    client->set_ca_cert_path(pki_.ca_certificate().string().c_str());
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(2s);
    client->set_read_timeout(5s);
    return client;
  }

  std::unique_ptr<httplib::Client> plain_client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client->set_connection_timeout(2s);
    client->set_read_timeout(2s);
    return client;
  }

  double closed(const std::string& reason) const {
    for (const auto& family : server_->metrics()) {
      if (family.name != "rds_exporter_http_connections_closed_total") continue;
      for (const auto& sample : family.samples) {
        if (sample.labels.at(0).value == reason) return sample.value;
      }
    }
    return -1;
  }

  aws::testing::TempDir dir_;
  TestPki pki_;
  testing::KeyPair server_pair_;
  testing::KeyPair client_pair_;
  std::unique_ptr<Server> server_;
  std::vector<std::unique_ptr<httplib::SSLClient>> https_client_holder_;
  std::vector<std::unique_ptr<httplib::Client>> plain_client_holder_;
};

TEST_F(ServerSecurityTest, ServesMetricsOverTlsAndNothingOverPlainHttp) {
  start(tls_section());
  auto& client = *https_client_holder_.emplace_back(https_client());
  const auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "rds_up 1\n");
  EXPECT_FALSE(plain_client()->Get("/metrics")) << "plain HTTP on the TLS port must not be answered";
  for (int attempt = 0; attempt < 100 && closed("tls_handshake") < 1; ++attempt) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(closed("tls_handshake"), 1);
}

TEST_F(ServerSecurityTest, RequiredClientCertificatesKeepOutClientsWithoutOne) {
  start(tls_section("RequireAndVerifyClientCert"));
  auto& without = *https_client_holder_.emplace_back(https_client(false));
  EXPECT_FALSE(without.Get("/metrics")) << "a client without a certificate got an answer";
  auto& with = *https_client_holder_.emplace_back(https_client(true));
  const auto response = with.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerSecurityTest, BasicAuthGuardsEverythingButTheProbes) {
  start(tls_section() + "basic_auth_users:\n  prometheus: " + bcrypt("s3cret") + "\n");
  auto& client = *https_client_holder_.emplace_back(https_client());
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->get_header_value("WWW-Authenticate"), "Basic");
  EXPECT_THAT(response->body, ::testing::Not(HasSubstr("rds_up")));

  client.set_basic_auth("prometheus", "wrong");
  response = client.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);

  client.set_basic_auth("prometheus", "s3cret");
  for (const char* path : {"/metrics", "/health", "/"}) {
    response = client.Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 200) << path;
  }

  auto& probe = *https_client_holder_.emplace_back(https_client());
  for (const char* path : {"/-/healthy", "/-/ready"}) {
    response = probe.Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 200) << path << " must answer a kubelet without credentials";
  }
}

TEST_F(ServerSecurityTest, BasicAuthWorksOverPlainHttpToo) {
  start("basic_auth_users:\n  prometheus: " + bcrypt("s3cret") + "\n");
  auto& client = *plain_client_holder_.emplace_back(plain_client());
  EXPECT_EQ(client.Get("/metrics")->status, 401);
  client.set_basic_auth("prometheus", "s3cret");
  EXPECT_EQ(client.Get("/metrics")->status, 200);
}

TEST_F(ServerSecurityTest, ConfiguredHeadersAreOnEveryResponse) {
  start(tls_section() + "http_server_config:\n  headers:\n    Strict-Transport-Security: max-age=31536000\n");
  auto& client = *https_client_holder_.emplace_back(https_client());
  for (const char* path : {"/metrics", "/-/healthy", "/nope"}) {
    const auto response = client.Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->get_header_value("Strict-Transport-Security"), "max-age=31536000") << path;
  }
}

TEST_F(ServerSecurityTest, AReloadedWebConfigChangesTheUsersForNewRequests) {
  start(tls_section() + "basic_auth_users:\n  alice: " + bcrypt("one") + "\n");
  write_file(dir_.path() / "web2.yml", tls_section() + "basic_auth_users:\n  bob: " + bcrypt("two") + "\n");
  auto next = load_web_security(dir_.path() / "web2.yml");
  ASSERT_TRUE(next) << next.error();
  EXPECT_TRUE(server_->update_security(std::move(next.value())));
  auto& client = *https_client_holder_.emplace_back(https_client());
  client.set_basic_auth("alice", "one");
  EXPECT_EQ(client.Get("/metrics")->status, 401);
  client.set_basic_auth("bob", "two");
  EXPECT_EQ(client.Get("/metrics")->status, 200);

  // Plain HTTP on a TLS listener needs a new listener: refused, and the running config stays.
  write_file(dir_.path() / "plain.yml", "basic_auth_users:\n  carol: " + bcrypt("three") + "\n");
  auto plain_config = load_web_security(dir_.path() / "plain.yml");
  ASSERT_TRUE(plain_config);
  EXPECT_FALSE(server_->update_security(std::move(plain_config.value())));
  EXPECT_EQ(client.Get("/metrics")->status, 200);
}

TEST(LoadWebSecurity, ABadFileIsAnErrorNamingTheFileAndTheKey) {
  aws::testing::TempDir dir;
  write_file(dir.path() / "web.yml", "tls_server_config:\n  cert_file: missing.pem\n  key_file: missing.key\n");
  const auto security = load_web_security(dir.path() / "web.yml");
  ASSERT_FALSE(security);
  EXPECT_THAT(security.error(), HasSubstr("web.yml"));
  EXPECT_THAT(security.error(), HasSubstr("cert_file"));
}

}  // namespace
}  // namespace rds_exporter::http
