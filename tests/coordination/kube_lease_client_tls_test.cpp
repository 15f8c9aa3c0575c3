// The client over libcurl against a real TLS server: the cluster's CA given as a file (in-cluster ca.crt) and as
// PEM text (a kubeconfig's certificate-authority-data), the bearer token on the wire, and a server no CA signed.

#include "coordination/kube_lease_client.h"

#include "../aws/transport/loopback_http_server.h"
#include "../aws/transport/scoped_proxy_environment.h"
#include "../aws/transport/temp_dir.h"
#include "../http/test_pki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rds_exporter::coordination {
namespace {

using aws::testing::LoopbackHttpServer;
using aws::testing::ScopedProxyEnvironment;
using aws::testing::TempDir;
using http::testing::read_file;
using http::testing::TestPki;
using http::testing::write_file;
using ::testing::HasSubstr;

class KubeLeaseClientTlsTest : public ::testing::Test {
 protected:
  KubeLeaseClientTlsTest() {
    write_file(directory_.path() / "token", "rotating-token\n");
    const auto server_pair = pki_.issue("apiserver", "kube-apiserver", "IP:127.0.0.1", 7);
    auto routes = std::make_unique<httplib::SSLServer>(server_pair.certificate.c_str(), server_pair.key.c_str());
    routes->Get("/apis/coordination.k8s.io/v1/namespaces/monitoring/leases/scope-a", [](const httplib::Request& request,
                                                                                        httplib::Response& response) {
      if (request.get_header_value("Authorization") != "Bearer rotating-token") {
        response.status = 401;
        response.set_content(R"({"kind":"Status","message":"Unauthorized","code":401})", "application/json");
        return;
      }
      response.set_content(R"({"kind":"Lease","metadata":{"name":"scope-a","resourceVersion":"9"},)"
                           R"("spec":{"holderIdentity":"pod-a","renewTime":"2026-12-06T19:50:00.123456Z"}})",
                           "application/json");
    });
    server_ = std::make_unique<LoopbackHttpServer>(std::move(routes));
    target_.server = "https://127.0.0.1:" + std::to_string(server_->port());
    target_.token_file = (directory_.path() / "token").string();
  }

  ScopedProxyEnvironment no_proxies_;
  TempDir directory_;
  TestPki pki_{directory_.path()};
  std::unique_ptr<LoopbackHttpServer> server_;
  KubeTarget target_;
};

TEST_F(KubeLeaseClientTlsTest, TrustsTheClustersCaFile) {
  target_.ca_file = pki_.ca_certificate().string();
  KubeLeaseClient client(target_, "monitoring", {});

  const auto lease = client.get("scope-a");

  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(lease->holder_identity, "pod-a");
  EXPECT_EQ(lease->resource_version, "9");
}

TEST_F(KubeLeaseClientTlsTest, TrustsTheClustersCaGivenAsPem) {
  target_.ca_pem = read_file(pki_.ca_certificate());
  KubeLeaseClient client(target_, "monitoring", {});

  const auto lease = client.get("scope-a");

  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(lease->holder_identity, "pod-a");
}

TEST_F(KubeLeaseClientTlsTest, RefusesAServerItsCaDidNotSign) {
  const auto stranger = pki_.self_signed("stranger", "stranger");
  target_.ca_pem = read_file(stranger.certificate);
  KubeLeaseClient client(target_, "monitoring", {});

  const auto lease = client.get("scope-a");

  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error().kind, LeaseErrorKind::failed);
  EXPECT_THAT(lease.error().message, HasSubstr("get lease monitoring/scope-a: "));
}

TEST_F(KubeLeaseClientTlsTest, AWrongTokenIsDenied) {
  target_.ca_file = pki_.ca_certificate().string();
  target_.token_file.reset();
  target_.token = "wrong-token";
  KubeLeaseClient client(target_, "monitoring", {});

  const auto lease = client.get("scope-a");

  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error().kind, LeaseErrorKind::denied);
  EXPECT_EQ(lease.error().message, "get lease monitoring/scope-a: HTTP 401: Unauthorized");
}

TEST_F(KubeLeaseClientTlsTest, AfterARotationTheRefusedRequestIsSentAgainWithTheNewToken) {
  target_.ca_file = pki_.ca_certificate().string();
  write_file(directory_.path() / "token", "expired-token");
  KubeLeaseClient client(target_, "monitoring", {});
  ASSERT_FALSE(client.get("scope-a"));  // read the old token, which the server refuses
  write_file(directory_.path() / "token", "rotating-token");

  const auto lease = client.get("scope-a");

  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_EQ(lease->holder_identity, "pod-a");
}

TEST_F(KubeLeaseClientTlsTest, AStoppedClientSendsNothing) {
  target_.ca_file = pki_.ca_certificate().string();
  std::stop_source stop;
  stop.request_stop();
  KubeLeaseClient client(target_, "monitoring", stop.get_token());

  const auto lease = client.get("scope-a");

  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error().kind, LeaseErrorKind::cancelled);
}

}  // namespace
}  // namespace rds_exporter::coordination
