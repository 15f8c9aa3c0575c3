#include "coordination/kube_lease_client.h"

#include "../aws/credentials/fake_transport.h"
#include "../aws/transport/temp_dir.h"
#include "../http/test_pki.h"
#include "coordination/lease_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rds_exporter::coordination {
namespace {

using namespace std::chrono_literals;
using aws::TransportErrorKind;
using aws::testing::FakeTransport;
using aws::testing::header_of;
using aws::testing::TempDir;
using http::testing::write_file;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kServer = "https://api.example:6443";
constexpr const char* kLeases = "https://api.example:6443/apis/coordination.k8s.io/v1/namespaces/monitoring/leases";
constexpr const char* kTokenText = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl";

std::string lease_json(const std::string& name, const std::string& version, const std::string& holder) {
  return R"({"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":")" + name +
         R"(","namespace":"monitoring","resourceVersion":")" + version + R"("},"spec":{"holderIdentity":")" + holder +
         R"(","leaseDurationSeconds":15,"leaseTransitions":1}})";
}

std::string status_json(int code, const std::string& reason, const std::string& message) {
  return R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":")" + message +
         R"(","reason":")" + reason + R"(","code":)" + std::to_string(code) + "}";
}

class KubeLeaseClientTest : public ::testing::Test {
 protected:
  KubeLeaseClientTest() {
    write_file(token_file_, kTokenText);
    target_.server = kServer;
    target_.token_file = token_file_.string();
  }

  std::unique_ptr<KubeLeaseClient> client(std::stop_token stop = {}) {
    return std::make_unique<KubeLeaseClient>(target_, "monitoring", transport_, stop, [this] { return now_; });
  }

  // A client that has listed once, so that it holds the token file's content (the first request).
  std::unique_ptr<KubeLeaseClient> client_that_read_the_token() {
    auto leases = client();
    transport_->answer("GET", kLeases, 200, R"({"items":[]})");
    EXPECT_TRUE(leases->list());
    return leases;
  }

  LeaseRecord lease(const std::string& name, const std::string& version) const {
    LeaseRecord record;
    record.name = name;
    record.resource_version = version;
    record.holder_identity = "pod-a";
    record.lease_duration_seconds = 15;
    return record;
  }

  TempDir directory_;
  std::filesystem::path token_file_ = directory_.path() / "token";
  KubeTarget target_;
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::chrono::steady_clock::time_point now_{};
};

TEST_F(KubeLeaseClientTest, GetsALeaseWithTheBearerToken) {
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 200, lease_json("scope-a", "17", "pod-b"));

  const auto got = client()->get("scope-a");

  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->name, "scope-a");
  EXPECT_EQ(got->resource_version, "17");
  EXPECT_EQ(got->holder_identity, "pod-b");
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(header_of(requests[0], "Authorization"), std::string("Bearer ") + kTokenText);
  EXPECT_EQ(header_of(requests[0], "Accept"), "application/json");
  EXPECT_LE(*requests[0].total_timeout, KubeLeaseClient::kCallTimeout);
  EXPECT_LE(*requests[0].connect_timeout, KubeLeaseClient::kConnectTimeout);
}

TEST_F(KubeLeaseClientTest, ListsTheNamespacesLeases) {
  transport_->answer(
      "GET", kLeases, 200,
      R"({"kind":"LeaseList","items":[)" + lease_json("a", "1", "x") + "," + lease_json("b", "2", "") + "]}");

  const auto leases = client()->list();

  ASSERT_TRUE(leases) << leases.error().message;
  ASSERT_EQ(leases->size(), 2U);
  EXPECT_EQ((*leases)[1].name, "b");
}

TEST_F(KubeLeaseClientTest, CreatesWithoutAResourceVersion) {
  transport_->answer("POST", kLeases, 201, lease_json("scope-a", "1", "pod-a"));

  const auto created = client()->create(lease("scope-a", "stale"));

  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->resource_version, "1");
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(header_of(requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(requests[0].body, lease_to_json(lease("scope-a", ""), "monitoring"));
}

TEST_F(KubeLeaseClientTest, ReplacesWithTheResourceVersionItRead) {
  transport_->answer("PUT", std::string(kLeases) + "/scope-a", 200, lease_json("scope-a", "18", "pod-a"));

  const auto replaced = client()->replace(lease("scope-a", "17"));

  ASSERT_TRUE(replaced) << replaced.error().message;
  EXPECT_EQ(replaced->resource_version, "18");
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_THAT(requests[0].body, HasSubstr(R"("resourceVersion":"17")"));
  EXPECT_EQ(requests[0].body, lease_to_json(lease("scope-a", "17"), "monitoring"));
}

TEST_F(KubeLeaseClientTest, RefusesAReplaceWithoutAResourceVersion) {
  const auto replaced = client()->replace(lease("scope-a", ""));
  ASSERT_FALSE(replaced);
  EXPECT_EQ(replaced.error().kind, LeaseErrorKind::failed);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(KubeLeaseClientTest, MapsStatusesToKindsWithTheApiServersMessage) {
  const struct {
    int status;
    LeaseErrorKind kind;
  } cases[] = {{404, LeaseErrorKind::not_found}, {409, LeaseErrorKind::conflict}, {401, LeaseErrorKind::denied},
               {403, LeaseErrorKind::denied},    {429, LeaseErrorKind::failed},   {500, LeaseErrorKind::failed},
               {503, LeaseErrorKind::failed},    {302, LeaseErrorKind::failed},   {204, LeaseErrorKind::failed}};
  for (const auto& [status, kind] : cases) {
    transport_->answer("PUT", std::string(kLeases) + "/scope-a", status,
                       status_json(status, "Reason", "the object has been modified"));
    const auto replaced = client()->replace(lease("scope-a", "17"));
    ASSERT_FALSE(replaced) << status;
    EXPECT_EQ(replaced.error().kind, kind) << status;
    EXPECT_EQ(replaced.error().message,
              "replace lease monitoring/scope-a: HTTP " + std::to_string(status) + ": the object has been modified");
  }
}

TEST_F(KubeLeaseClientTest, ALongStatusMessageIsCutBetweenCharacters) {
  // 299 bytes, then a two-byte character across the 300-byte limit.
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 500,
                     status_json(500, "InternalError", std::string(299, 'x') + "\u00e9" + std::string(50, 'y')));
  const auto got = client()->get("scope-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "get lease monitoring/scope-a: HTTP 500: " + std::string(299, 'x') + "...");
}

TEST_F(KubeLeaseClientTest, AnAnswerWithoutAStatusIsNamedByItsCode) {
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 502, "<html>Bad Gateway</html>");
  const auto got = client()->get("scope-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().message, "get lease monitoring/scope-a: HTTP 502");
}

TEST_F(KubeLeaseClientTest, AnAnswerThatIsNotALeaseFails) {
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 200, R"({"kind":"Status"})");
  const auto got = client()->get("scope-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, LeaseErrorKind::failed);
  EXPECT_THAT(got.error().message, HasSubstr("get lease monitoring/scope-a: the answer is not a Lease"));
}

TEST_F(KubeLeaseClientTest, TransportFailuresFailAndAStopCancels) {
  transport_->script("GET", std::string(kLeases) + "/scope-a", {FakeTransport::failure(TransportErrorKind::timed_out)});
  const auto timed_out = client()->get("scope-a");
  ASSERT_FALSE(timed_out);
  EXPECT_EQ(timed_out.error().kind, LeaseErrorKind::failed);
  EXPECT_THAT(timed_out.error().message, HasSubstr("get lease monitoring/scope-a: "));

  transport_->script("GET", std::string(kLeases) + "/scope-a", {FakeTransport::failure(TransportErrorKind::cancelled)});
  const auto cancelled = client()->get("scope-a");
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().kind, LeaseErrorKind::cancelled);
}

TEST_F(KubeLeaseClientTest, PassesItsStopTokenToEveryRequest) {
  std::stop_source stop;
  transport_->answer("GET", kLeases, 200, R"({"items":[]})");
  ASSERT_TRUE(client(stop.get_token())->list());
  stop.request_stop();
  EXPECT_TRUE(transport_->requests().at(0).stop.stop_requested());
}

TEST_F(KubeLeaseClientTest, A401ReadsTheRotatedTokenAndRetriesOnce) {
  const auto leases = client_that_read_the_token();
  write_file(token_file_, "rotated-token");
  transport_->script("GET", std::string(kLeases) + "/scope-a",
                     {FakeTransport::response(401, status_json(401, "Unauthorized", "Unauthorized")),
                      FakeTransport::response(200, lease_json("scope-a", "3", "pod-b"))});

  const auto got = leases->get("scope-a");

  ASSERT_TRUE(got) << got.error().message;
  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(header_of(requests[1], "Authorization"), std::string("Bearer ") + kTokenText);
  EXPECT_EQ(header_of(requests[2], "Authorization"), "Bearer rotated-token");
}

TEST_F(KubeLeaseClientTest, A401WithAnUnchangedTokenIsDeniedWithoutARetry) {
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 401, status_json(401, "Unauthorized", "Unauthorized"));

  const auto got = client()->get("scope-a");

  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, LeaseErrorKind::denied);
  EXPECT_EQ(transport_->requests().size(), 1U);
}

TEST_F(KubeLeaseClientTest, A401AfterTheRotationIsDeniedAfterOneRetry) {
  const auto leases = client_that_read_the_token();
  write_file(token_file_, "rotated-token");
  transport_->answer("GET", std::string(kLeases) + "/scope-a", 401, "");

  const auto got = leases->get("scope-a");

  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, LeaseErrorKind::denied);
  EXPECT_EQ(transport_->requests().size(), 3U);
}

TEST_F(KubeLeaseClientTest, ReadsTheTokenFileAgainOnceItIsAMinuteOld) {
  const auto leases = client_that_read_the_token();
  write_file(token_file_, "rotated-token");
  now_ += 59s;
  ASSERT_TRUE(leases->list());
  now_ += 2s;
  ASSERT_TRUE(leases->list());

  const auto requests = transport_->requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(header_of(requests[1], "Authorization"), std::string("Bearer ") + kTokenText);
  EXPECT_EQ(header_of(requests[2], "Authorization"), "Bearer rotated-token");
}

TEST_F(KubeLeaseClientTest, NoErrorMessageCarriesTheToken) {
  const auto leases = client();
  std::vector<std::string> messages;
  for (const int status : {401, 403, 404, 409, 500}) {
    // An API server that quotes the header back would be odd; the client still never adds the token itself.
    transport_->answer("GET", std::string(kLeases) + "/a", status, status_json(status, "R", "no"));
    messages.push_back(leases->get("a").error().message);
  }
  transport_->script("GET", std::string(kLeases) + "/a", {FakeTransport::failure(TransportErrorKind::tls_failed)});
  messages.push_back(leases->get("a").error().message);
  std::filesystem::remove(token_file_);
  messages.push_back(client()->get("a").error().message);
  for (const auto& message : messages) EXPECT_THAT(message, Not(HasSubstr("c2VjcmV0"))) << message;
  EXPECT_THAT(messages.back(), HasSubstr(token_file_.string()));
}

TEST_F(KubeLeaseClientTest, RefusesNamesThatAreNotLeaseNames) {
  for (const std::string& name :
       std::vector<std::string>{"", ".", "..", "a/b", "A", "a b", "a?b", "-a", std::string(254, 'a')}) {
    EXPECT_FALSE(client()->get(name)) << name;
    EXPECT_FALSE(client()->create(lease(name, ""))) << name;
    EXPECT_FALSE(client()->replace(lease(name, "1"))) << name;
  }
  EXPECT_TRUE(transport_->requests().empty());
  EXPECT_TRUE(is_valid_lease_name("rds-exporter.scope-123456789012-eu-west-1"));
  EXPECT_TRUE(is_valid_lease_name(std::string(253, 'a')));
}

TEST_F(KubeLeaseClientTest, AnInvalidNamespaceSendsNothing) {
  KubeLeaseClient leases(target_, "Not/A/Namespace", transport_, {}, [this] { return now_; });
  const auto listed = leases.list();
  ASSERT_FALSE(listed);
  EXPECT_THAT(listed.error().message, HasSubstr("not a valid namespace"));
  EXPECT_TRUE(transport_->requests().empty());
  EXPECT_FALSE(is_valid_namespace("a.b"));
  EXPECT_TRUE(is_valid_namespace("kube-system"));
}

}  // namespace
}  // namespace rds_exporter::coordination
