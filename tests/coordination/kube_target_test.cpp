#include "coordination/kube_target.h"

#include "../aws/transport/temp_dir.h"
#include "../http/test_pki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace rds_exporter::coordination {
namespace {

using aws::testing::TempDir;
using http::testing::write_file;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecretToken = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl";

// A kubeconfig with one context, "ctx", whose cluster and user are given.
std::string kubeconfig(const std::string& cluster, const std::string& user, const std::string& context_extra = "") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: ctx\n"
         "clusters:\n- name: other\n  cluster:\n    server: https://other.example\n"
         "- name: c\n  cluster:\n" +
         cluster + "users:\n- name: u\n  user:\n" + user +
         "contexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\n" + context_extra;
}

const std::string kCluster = "    server: https://api.example:6443/\n    certificate-authority: ca.crt\n";
const std::string kUser = std::string("    token: ") + kSecretToken + "\n";

TEST(ParseKubeconfig, ReadsTheCurrentContextsClusterUserAndNamespace) {
  const auto target =
      parse_kubeconfig(kubeconfig(kCluster, kUser, "    namespace: monitoring\n"), "/home/me/.kube/config");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->server, "https://api.example:6443");
  EXPECT_EQ(target->ca_file, "/home/me/.kube/ca.crt");
  EXPECT_EQ(target->ca_pem, std::nullopt);
  EXPECT_EQ(target->token, kSecretToken);
  EXPECT_EQ(target->token_file, std::nullopt);
  EXPECT_EQ(target->namespace_, "monitoring");
  EXPECT_EQ(target->source, "kubeconfig /home/me/.kube/config (context ctx)");
}

TEST(ParseKubeconfig, InsecureSkipTlsVerifyFalseIsFine) {
  const auto target =
      parse_kubeconfig(kubeconfig("    server: https://k\n    insecure-skip-tls-verify: false\n", kUser), "/k/config");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->ca_file, std::nullopt);
}

TEST(ParseKubeconfig, WithoutANamespaceTheContextUsesDefault) {
  const auto target = parse_kubeconfig(kubeconfig(kCluster, kUser), "/k/config");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->namespace_, "default");
}

TEST(ParseKubeconfig, DecodesCertificateAuthorityData) {
  // "-----BEGIN CERTIFICATE-----\n" in base64, split over two lines as some tools write it.
  const auto target = parse_kubeconfig(kubeconfig("    server: https://10.0.0.1\n    certificate-authority-data: |\n"
                                                  "      LS0tLS1CRUdJTiBD\n      RVJUSUZJQ0FURS0tLS0tCg==\n",
                                                  kUser),
                                       "/k/config");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->ca_pem, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(target->ca_file, std::nullopt);
}

TEST(ParseKubeconfig, ResolvesRelativePathsAgainstTheFilesDirectory) {
  const auto target = parse_kubeconfig(
      kubeconfig("    server: https://k\n    certificate-authority: ../pki/ca.crt\n", "    tokenFile: secrets/token\n"),
      "/etc/kube/config");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->ca_file, "/etc/pki/ca.crt");
  EXPECT_EQ(target->token_file, "/etc/kube/secrets/token");
  EXPECT_EQ(target->token, std::nullopt);

  const auto absolute = parse_kubeconfig(
      kubeconfig("    server: https://k\n    certificate-authority: /ca.crt\n", "    tokenFile: /token\n"),
      "/etc/kube/config");
  ASSERT_TRUE(absolute) << absolute.error();
  EXPECT_EQ(absolute->ca_file, "/ca.crt");
  EXPECT_EQ(absolute->token_file, "/token");
}

TEST(ParseKubeconfig, ExplainsWhatIsMissingOrWrongNamingTheFile) {
  const std::pair<std::string, std::string> cases[] = {
      {"apiVersion: v1\nkind: Config\n", "no current-context"},
      {kubeconfig(kCluster, kUser)
           .replace(kubeconfig(kCluster, kUser).find("current-context: ctx"), 20, "current-context: nope"),
       "no entry named \"nope\" in contexts"},
      {kubeconfig("    certificate-authority: ca.crt\n", kUser), "cluster \"c\" has no server"},
      {kubeconfig("    server: ftp://k\n", kUser), "must be an https:// URL"},
      {kubeconfig("    server: https://k\n    certificate-authority-data: not*base64\n", kUser), "not base64"},
      {kubeconfig("    server: https://k\n    insecure-skip-tls-verify: true\n", kUser),
       "insecure-skip-tls-verify, which is refused"},
      {kubeconfig(kCluster, "    client-certificate: me.crt\n    client-key: me.key\n"),
       "authenticates with client-certificate; only bearer tokens (token, tokenFile) are supported"},
      {kubeconfig(kCluster, "    exec:\n      command: aws\n"), "authenticates with exec; only bearer tokens"},
      {kubeconfig(kCluster, "    auth-provider:\n      name: gcp\n"), "authenticates with auth-provider; only bearer"},
      {kubeconfig(kCluster, "    {}\n"), "user \"u\" has no credentials"},
      {kubeconfig(kCluster, "    username: admin\n    password: hunter2\n"), "only bearer tokens"},
      {"current-context: ctx\ncontexts: {}\n", "contexts must be a list"},
      {"current-context: ctx\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n", "names no user"},
      {"current-context: [a]\n", "current-context must be a string"},
      {"- a list\n", "expected a mapping"},
      {"current-context: ctx\nclusters: [a, b\n", "not YAML ("},
      {"current-context: ctx\nclusters: " + std::string(100000, '['), "not YAML ("},
      {kubeconfig("    server: https://k\n    insecure-skip-tls-verify: yes\n", kUser),
       "insecure-skip-tls-verify, which"},
      {kubeconfig("    server: https://k\n    insecure-skip-tls-verify: maybe\n", kUser), "must be true or false"},
  };
  for (const auto& [text, expected] : cases) {
    const auto target = parse_kubeconfig(text, "/k/config");
    ASSERT_FALSE(target) << text;
    EXPECT_THAT(target.error(), AllOf(HasSubstr("kubeconfig /k/config: "), HasSubstr(expected))) << text;
  }
}

TEST(ParseKubeconfig, NeverQuotesTheToken) {
  for (const std::string& text : {kubeconfig("    server: https://k\n    insecure-skip-tls-verify: true\n", kUser),
                                  kubeconfig("    server: [\n", kUser),
                                  "current-context: ctx\ntoken: " + std::string(kSecretToken) + "\n  bad: [\n"}) {
    const auto target = parse_kubeconfig(text, "/k/config");
    ASSERT_FALSE(target) << text;
    EXPECT_THAT(target.error(), Not(HasSubstr("c2VjcmV0"))) << text;
  }
}

class ResolveKubeTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(service_account_);
    write_file(service_account_ / "token", std::string(kSecretToken) + "\n");
    write_file(service_account_ / "ca.crt", "-----BEGIN CERTIFICATE-----\n");
    write_file(service_account_ / "namespace", "monitoring");
    write_file(kubeconfig_file_, kubeconfig(kCluster, kUser, "    namespace: from-kubeconfig\n"));
  }

  const common::Environment in_cluster_{{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  TempDir directory_;
  std::filesystem::path service_account_ = directory_.path() / "serviceaccount";
  std::filesystem::path kubeconfig_file_ = directory_.path() / "config";
};

TEST_F(ResolveKubeTargetTest, InAPodUsesTheServiceAccount) {
  const auto target = resolve_kube_target(std::nullopt, in_cluster_, service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->server, "https://10.96.0.1:443");
  EXPECT_EQ(target->token_file, (service_account_ / "token").string());
  EXPECT_EQ(target->token, std::nullopt);
  EXPECT_EQ(target->ca_file, (service_account_ / "ca.crt").string());
  EXPECT_EQ(target->namespace_, "monitoring");
  EXPECT_EQ(target->source, "in-cluster");
}

TEST_F(ResolveKubeTargetTest, BracketsAnIpv6ServiceHost) {
  const auto target = resolve_kube_target(
      std::nullopt, {{"KUBERNETES_SERVICE_HOST", "fd00:10:96::1"}, {"KUBERNETES_SERVICE_PORT", "443"}},
      service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->server, "https://[fd00:10:96::1]:443");
}

TEST_F(ResolveKubeTargetTest, WithoutANamespaceFileTheNamespaceIsDefault) {
  std::filesystem::remove(service_account_ / "namespace");
  std::filesystem::remove(service_account_ / "ca.crt");
  const auto target = resolve_kube_target(std::nullopt, in_cluster_, service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->namespace_, "default");
  EXPECT_EQ(target->ca_file, std::nullopt);
}

TEST_F(ResolveKubeTargetTest, InAPodWithoutATokenSaysSo) {
  std::filesystem::remove(service_account_ / "token");
  const auto target = resolve_kube_target(std::nullopt, in_cluster_, service_account_);
  ASSERT_FALSE(target);
  EXPECT_THAT(target.error(), AllOf(HasSubstr("in-cluster"), HasSubstr("token")));
}

TEST_F(ResolveKubeTargetTest, TheSettingComesBeforeThePod) {
  auto environment = in_cluster_;
  environment["KUBECONFIG"] = "/nowhere";
  const auto target = resolve_kube_target(kubeconfig_file_.string(), environment, service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->namespace_, "from-kubeconfig");
  EXPECT_EQ(target->ca_file, (directory_.path() / "ca.crt").string());
}

TEST_F(ResolveKubeTargetTest, ThePodComesBeforeKubeconfig) {
  auto environment = in_cluster_;
  environment["KUBECONFIG"] = kubeconfig_file_.string();
  const auto target = resolve_kube_target(std::nullopt, environment, service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->source, "in-cluster");
}

TEST_F(ResolveKubeTargetTest, KubeconfigTakesTheFirstPathOfItsList) {
  const auto target = resolve_kube_target(std::nullopt, {{"KUBECONFIG", ":" + kubeconfig_file_.string() + ":/nowhere"}},
                                          service_account_);
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->source, "kubeconfig " + kubeconfig_file_.string() + " (context ctx)");
}

TEST_F(ResolveKubeTargetTest, AMissingKubeconfigFileIsNamed) {
  const auto target = resolve_kube_target((directory_.path() / "missing").string(), {}, service_account_);
  ASSERT_FALSE(target);
  EXPECT_THAT(target.error(), HasSubstr((directory_.path() / "missing").string()));
}

TEST_F(ResolveKubeTargetTest, WithNothingToGoOnNamesAllThree) {
  const auto target = resolve_kube_target(std::nullopt, {{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}}, service_account_);
  ASSERT_FALSE(target);
  EXPECT_THAT(target.error(), AllOf(HasSubstr("coordination.kubeconfig"), HasSubstr("KUBERNETES_SERVICE_HOST"),
                                    HasSubstr("KUBECONFIG")));
}

}  // namespace
}  // namespace rds_exporter::coordination
