#include "http/web_config.h"

#include "http/basic_auth.h"

#include "../aws/transport/temp_dir.h"
#include "test_pki.h"

#include <crypt.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

namespace rds_exporter::http {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::KeyPair;
using ::testing::Not;
using testing::TestPki;
using testing::write_file;

// A bcrypt hash (of "secret", cost 4) in the form basic_auth_users expects; a secret in its own right.
constexpr const char* kHash = "$2y$04$Vm8FJhdr5YJcIMzJ0cAoQOYmyHh0RlLh8V8l04dYpSDeyZhU1Nc3K";

class WebConfigTest : public ::testing::Test {
 protected:
  // One CA and certificate set for the whole suite: the openssl tool is slow enough to matter.
  static void SetUpTestSuite() {
    directory_ = new aws::testing::TempDir();
    std::filesystem::create_directory(directory_->path() / "certs");
    pki_ = new TestPki(directory_->path() / "certs");
    server_ = new KeyPair(pki_->issue("server", "server", "DNS:localhost,IP:127.0.0.1", 1));
    other_ = new KeyPair(pki_->issue("other", "other", "DNS:other", 2));
  }
  static void TearDownTestSuite() {
    delete other_;
    delete server_;
    delete pki_;
    delete directory_;
  }

  // Writes the web config into the suite's folder (beside certs/) and loads it.
  common::Expected<WebConfig, std::string> load(const std::string& yaml) {
    write_file(config_file(), yaml);
    return load_web_config(config_file());
  }
  std::filesystem::path config_file() const { return directory_->path() / "web.yml"; }

  static std::string tls_with(const std::string& extra) {
    return "tls_server_config:\n  cert_file: certs/server.pem\n  key_file: certs/server.key\n" + extra;
  }

  // The error text, after checking that it names the web config file and the key at fault.
  std::string error_naming(const std::string& yaml, const std::string& key) {
    const auto result = load(yaml);
    EXPECT_FALSE(result) << "loaded:\n" << yaml;
    if (result) return {};
    EXPECT_THAT(result.error(), HasSubstr(config_file().string() + ": "));
    EXPECT_THAT(result.error(), HasSubstr(key));
    EXPECT_THAT(result.error(), HasSubstr("; expected "));
    return result.error();
  }

  static aws::testing::TempDir* directory_;
  static TestPki* pki_;
  static KeyPair* server_;
  static KeyPair* other_;
};

aws::testing::TempDir* WebConfigTest::directory_ = nullptr;
TestPki* WebConfigTest::pki_ = nullptr;
KeyPair* WebConfigTest::server_ = nullptr;
KeyPair* WebConfigTest::other_ = nullptr;

TEST_F(WebConfigTest, AnEmptyFileMeansPlainHttpWithoutAuthentication) {
  const auto config = load("");

  ASSERT_TRUE(config) << config.error();
  EXPECT_FALSE(config->tls);
  EXPECT_TRUE(config->basic_auth_users.empty());
  EXPECT_TRUE(config->headers.empty());
  EXPECT_EQ(web_config_summary(*config), "TLS off, no basic auth");
}

TEST_F(WebConfigTest, ReadsANodeExporterStyleFileWithPathsRelativeToItsFolder) {
  const auto config = load(R"(
tls_server_config:
  cert_file: certs/server.pem
  key_file: certs/server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: certs/ca.pem
  client_allowed_sans: [client.example]
  min_version: TLS13
  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256]
  curve_preferences: [X25519, CurveP256]
  prefer_server_cipher_suites: false
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  alice: )" + std::string(kHash) +
                           R"(
  bob: )" + std::string(kHash) +
                           "\n");

  ASSERT_TRUE(config) << config.error();
  ASSERT_TRUE(config->tls);
  const auto& tls = *config->tls;
  EXPECT_EQ(tls.cert_file, directory_->path() / "certs/server.pem");
  EXPECT_EQ(tls.key_file, directory_->path() / "certs/server.key");
  EXPECT_EQ(tls.client_ca_file, directory_->path() / "certs/ca.pem");
  EXPECT_EQ(tls.client_auth, ClientAuth::kRequireAndVerifyClientCert);
  EXPECT_EQ(tls.min_version, 0x0304);
  EXPECT_EQ(tls.max_version, 0);
  EXPECT_THAT(tls.cipher_suites,
              ::testing::ElementsAre("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"));
  EXPECT_THAT(tls.client_allowed_sans, ::testing::ElementsAre("client.example"));
  EXPECT_THAT(tls.curve_preferences, ::testing::ElementsAre("X25519", "CurveP256"));
  EXPECT_FALSE(tls.prefer_server_cipher_suites);
  EXPECT_FALSE(config->http2);
  EXPECT_THAT(config->headers,
              ::testing::UnorderedElementsAre(
                  std::pair<std::string, std::string>("X-Frame-Options", "deny"),
                  std::pair<std::string, std::string>("Strict-Transport-Security", "max-age=31536000")));
  EXPECT_EQ(config->basic_auth_users.size(), 2u);
  EXPECT_EQ(config->basic_auth_users.at("alice"), kHash);
  EXPECT_EQ(web_config_summary(*config),
            "TLS on (TLS13 and newer), client certs RequireAndVerifyClientCert limited to 1 SAN, basic auth for 2 "
            "users, 2 extra headers");
}

TEST_F(WebConfigTest, DefaultsFollowExporterToolkit) {
  const auto config = load(tls_with(""));

  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->tls->min_version, 0x0303);
  EXPECT_EQ(config->tls->client_auth, ClientAuth::kNoClientCert);
  EXPECT_TRUE(config->tls->prefer_server_cipher_suites);
  EXPECT_TRUE(config->http2);
  EXPECT_EQ(web_config_summary(*config),
            "TLS on (TLS12 and newer), client certs NoClientCert, HTTP/1.1 only (http2 is not served), no basic auth");
}

TEST_F(WebConfigTest, AcceptsAbsolutePathsAndTheOlderRequireClientCertName) {
  const auto config = load("tls_server_config:\n  cert_file: " + server_->certificate.string() +
                           "\n  key_file: " + server_->key.string() + "\n  client_auth_type: RequireClientCert\n");

  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->tls->cert_file, server_->certificate);
  EXPECT_EQ(config->tls->client_auth, ClientAuth::kRequireAnyClientCert);
}

TEST_F(WebConfigTest, AcceptsTheCertificateAndKeyInline) {
  const auto indent = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      out += c;
      if (c == '\n') out += "    ";
    }
    return out;
  };
  const auto config = load("tls_server_config:\n  cert: |\n    " + indent(testing::read_file(server_->certificate)) +
                           "\n  key: |\n    " + indent(testing::read_file(server_->key)) + "\n");

  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(config->tls->cert_file.empty());
  EXPECT_THAT(config->tls->cert_pem, HasSubstr("BEGIN CERTIFICATE"));
}

TEST_F(WebConfigTest, AnUnknownKeyIsAnErrorWithASuggestion) {
  EXPECT_THAT(
      error_naming(tls_with("  client_auth_typ: RequireAndVerifyClientCert\n"), "tls_server_config.client_auth_typ"),
      HasSubstr("did you mean client_auth_type?"));
  EXPECT_THAT(error_naming("tls_server_confg: {}\n", "tls_server_confg"), HasSubstr("did you mean tls_server_config?"));
  error_naming("http_server_config:\n  http3: true\n", "http_server_config.http3");
}

TEST_F(WebConfigTest, ARepeatedKeyIsAnError) {
  EXPECT_THAT(error_naming(tls_with("  min_version: TLS12\n  min_version: TLS13\n"), "tls_server_config.min_version"),
              HasSubstr("appears twice"));
}

TEST_F(WebConfigTest, AnUnknownClientAuthTypeIsAnError) {
  EXPECT_THAT(error_naming(tls_with("  client_auth_type: RequireAndVerify\n"), "tls_server_config.client_auth_type"),
              HasSubstr("RequireAndVerifyClientCert"));
}

TEST_F(WebConfigTest, AnUnknownOrInvertedTlsVersionIsAnError) {
  EXPECT_THAT(error_naming(tls_with("  min_version: TLS1.2\n"), "tls_server_config.min_version"),
              HasSubstr("TLS10, TLS11, TLS12 or TLS13"));
  error_naming(tls_with("  min_version: TLS13\n  max_version: TLS12\n"), "tls_server_config.min_version");
}

TEST_F(WebConfigTest, AnUnknownCipherSuiteOrCurveIsAnError) {
  EXPECT_THAT(error_naming(tls_with("  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA25]\n"),
                           "tls_server_config.cipher_suites"),
              HasSubstr("did you mean TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256?"));
  // Go lists RC4 as insecure, so exporter-toolkit refuses it too.
  error_naming(tls_with("  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n"), "tls_server_config.cipher_suites");
  error_naming(tls_with("  curve_preferences: [CurveP224]\n"), "tls_server_config.curve_preferences");
}

TEST_F(WebConfigTest, AMissingCertificateIsAnError) {
  error_naming("tls_server_config:\n  key_file: certs/server.key\n", "tls_server_config.cert_file");
  error_naming("tls_server_config:\n  cert_file: certs/server.pem\n", "tls_server_config.key_file");
  EXPECT_THAT(error_naming("tls_server_config:\n  cert_file: certs/absent.pem\n  key_file: certs/server.key\n",
                           "tls_server_config.cert_file"),
              AllOf(HasSubstr((directory_->path() / "certs/absent.pem").string()), HasSubstr("No such file")));
}

TEST_F(WebConfigTest, SettingsWithoutACertificateAreAnErrorNotSilentlyPlainHttp) {
  error_naming("tls_server_config:\n  min_version: TLS13\n", "tls_server_config.min_version");
}

TEST_F(WebConfigTest, AKeyThatDoesNotMatchTheCertificateIsAnError) {
  EXPECT_THAT(error_naming("tls_server_config:\n  cert_file: certs/server.pem\n  key_file: certs/other.key\n",
                           "tls_server_config.key_file"),
              HasSubstr("does not match"));
}

TEST_F(WebConfigTest, AFileThatIsNotPemIsAnError) {
  write_file(directory_->path() / "certs/garbage.pem", "not a certificate\n");
  error_naming("tls_server_config:\n  cert_file: certs/garbage.pem\n  key_file: certs/server.key\n",
               "tls_server_config.cert_file");
  error_naming(tls_with("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: certs/garbage.pem\n"),
               "tls_server_config.client_ca_file");
}

TEST_F(WebConfigTest, ADirectoryInsteadOfAFileIsAnError) {
  EXPECT_THAT(error_naming("tls_server_config:\n  cert_file: certs\n  key_file: certs/server.key\n",
                           "tls_server_config.cert_file"),
              HasSubstr("Is a directory"));

  const auto result = load_web_config(directory_->path());
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error(), AllOf(HasSubstr(directory_->path().string()), HasSubstr("Is a directory")));
}

TEST_F(WebConfigTest, AMissingWebConfigFileIsAnError) {
  const auto result = load_web_config(directory_->path() / "absent.yml");
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error(), AllOf(HasSubstr("absent.yml"), HasSubstr("No such file")));
}

TEST_F(WebConfigTest, BadYamlSyntaxIsAnErrorWithItsLine) {
  EXPECT_THAT(error_naming("tls_server_config:\n  cert_file: [unclosed\n", "line "), HasSubstr("invalid YAML"));
  error_naming("- just\n- a list\n", "(top level)");
  error_naming("tls_server_config: [a, b]\n", "tls_server_config");
  error_naming(tls_with("  cipher_suites: TLS_AES_128_GCM_SHA256\n"), "tls_server_config.cipher_suites");
  error_naming(tls_with("  prefer_server_cipher_suites: maybe\n"), "tls_server_config.prefer_server_cipher_suites");
}

TEST_F(WebConfigTest, MalformedInputIsAnErrorNeverACrash) {
  EXPECT_THAT(error_naming("tls_server_config: " + std::string(100000, '['), "line "), HasSubstr("nested too deeply"));
  error_naming(std::string("\xff\xfe\x00\x01tls_server_config:\n", 23), "(top level)");
  // An alias "bomb" where a list of names is expected: refused at its first entry, never expanded.
  std::string bomb = "[&a0 [lol]";
  for (int i = 1; i < 30; ++i) {
    bomb += ", &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) bomb += (j ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]";
  }
  error_naming(tls_with("  curve_preferences: " + bomb + "]\n"), "tls_server_config.curve_preferences");
  error_naming(std::string(2 << 20, '#'), "(file)");
}

TEST_F(WebConfigTest, ClientCertificateSettingsMustFitTogether) {
  error_naming(tls_with("  client_ca_file: certs/ca.pem\n"), "tls_server_config.client_ca_file");
  error_naming(tls_with("  client_auth_type: RequireAndVerifyClientCert\n"), "tls_server_config.client_ca_file");
  error_naming(tls_with("  client_auth_type: RequestClientCert\n  client_allowed_sans: [a]\n"),
               "tls_server_config.client_allowed_sans");
  error_naming(tls_with("  cert: inline\n"), "tls_server_config.cert");
}

TEST_F(WebConfigTest, OnlyTheHeadersExporterToolkitAllowsCanBeSet) {
  EXPECT_THAT(error_naming("http_server_config:\n  headers:\n    Server: mine\n", "http_server_config.headers.Server"),
              HasSubstr("X-Frame-Options"));
  EXPECT_THAT(error_naming("http_server_config:\n  headers:\n    X-Frame-Options: allow\n",
                           "http_server_config.headers.X-Frame-Options"),
              HasSubstr("deny or sameorigin"));
  error_naming("http_server_config:\n  headers:\n    Content-Security-Policy: \"a\\r\\nSet-Cookie: x\"\n",
               "http_server_config.headers.Content-Security-Policy");
}

TEST_F(WebConfigTest, ABlankHeaderIsLeftUnset) {
  const auto config = load("http_server_config:\n  headers:\n    X-XSS-Protection: \"\"\n");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(config->headers.empty());
}

TEST_F(WebConfigTest, RateLimitIsRefusedRatherThanIgnored) {
  EXPECT_THAT(error_naming("rate_limit:\n  interval: 1s\n  burst: 5\n", "rate_limit"), HasSubstr("not supported"));
}

TEST_F(WebConfigTest, UsersFromTheFileCanLogIn) {
  // What `htpasswd -nBC 4 "" | tr -d ':\n'` prints for the password "scrape-me".
  char setting[CRYPT_GENSALT_OUTPUT_SIZE] = {};
  ASSERT_NE(crypt_gensalt_rn("$2y$", 4, nullptr, 0, setting, sizeof setting), nullptr);
  crypt_data data{};
  const std::string hash = crypt_rn("scrape-me", setting, &data, sizeof data);
  const auto config = load("basic_auth_users:\n  prometheus: " + hash + "\n");
  ASSERT_TRUE(config) << config.error();

  BasicAuthenticator authenticator(config->basic_auth_users);

  EXPECT_TRUE(authenticator.verify("Basic cHJvbWV0aGV1czpzY3JhcGUtbWU="));  // prometheus:scrape-me
  EXPECT_FALSE(authenticator.verify("Basic cHJvbWV0aGV1czpzY3JhcGUtbWU"));  // unpadded
  EXPECT_EQ(web_config_summary(*config), "TLS off, basic auth for 1 user");
}

TEST_F(WebConfigTest, AHashThatIsNotBcryptIsAnErrorThatDoesNotShowIt) {
  const std::string md5 = "$1$abcdefgh$ABCDEFGHIJKLMNOPQRSTUV";
  const auto error = error_naming("basic_auth_users:\n  alice: " + md5 + "\n", "basic_auth_users.alice");
  EXPECT_THAT(error, AllOf(HasSubstr("not a bcrypt hash"), Not(HasSubstr(md5))));
  const auto plain = error_naming("basic_auth_users:\n  alice: hunter2\n", "basic_auth_users.alice");
  EXPECT_THAT(plain, Not(HasSubstr("hunter2")));
}

TEST_F(WebConfigTest, NoErrorShowsASecret) {
  const std::string key = testing::read_file(other_->key);
  // The PEM body of a key that does not match the certificate, inline: the error must not quote any of it.
  std::string indented;
  for (char c : key) {
    indented += c;
    if (c == '\n') indented += "    ";
  }
  const auto error =
      error_naming("basic_auth_users:\n  alice: " + std::string(kHash) +
                       "\ntls_server_config:\n  cert_file: certs/server.pem\n  key: |\n    " + indented + "\n",
                   "tls_server_config.key");
  EXPECT_THAT(error, Not(HasSubstr(kHash)));
  const auto body_line = key.substr(key.find('\n') + 1, 40);
  EXPECT_THAT(error, Not(HasSubstr(body_line)));

  // A YAML syntax error next to a secret: yaml-cpp's message names the construct, not the text.
  const auto syntax = error_naming("basic_auth_users:\n  alice: [" + std::string(kHash) + "\n", "line ");
  EXPECT_THAT(syntax, Not(HasSubstr(kHash)));
}

}  // namespace
}  // namespace rds_exporter::http
