// remote_write: Prometheus' list of remote-write targets, its checks and what --check-config shows of it.
#include "loader_fixture.h"

#include <gmock/gmock.h>

namespace rds_exporter::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class RemoteWriteConfigTest : public LoaderTest {};

TEST_F(RemoteWriteConfigTest, AbsentMeansNoTarget) {
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  EXPECT_TRUE(result.settings->remote_write.empty());
}

TEST_F(RemoteWriteConfigTest, ReadsEveryFieldAsPrometheusWritesThem) {
  scratch.write("secret/password", "s3cret\n");
  scratch.write("secret/ca.pem", "-----BEGIN CERTIFICATE-----\n");
  write("default.yaml",
        "remote_write:\n"
        "  - url: https://mimir.example.com/api/v1/push\n"
        "    name: mimir\n"
        "    basic_auth: {username: rds, password_file: " + (scratch.path() / "secret/password").string() + "}\n"
        "    tls: {ca_file: " + (scratch.path() / "secret/ca.pem").string() + ", server_name: mimir.internal}\n"
        "    headers: {X-Scope-OrgID: team-a}\n"
        "    queue_capacity: 5000\n"
        "    max_samples_per_send: 500\n"
        "    timeout: 10s\n"
        "    min_backoff: 50ms\n"
        "    max_backoff: 2\n"
        "  - url: https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write\n"
        "    sigv4: {region: us-east-1, role_arn: \"arn:aws:iam::123456789012:role/writer\"}\n");
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  const auto& targets = result.settings->remote_write;
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].url, "https://mimir.example.com/api/v1/push");
  EXPECT_EQ(targets[0].name, "mimir");
  ASSERT_TRUE(targets[0].basic_auth);
  EXPECT_EQ(targets[0].basic_auth->username, "rds");
  EXPECT_EQ(targets[0].tls.server_name, "mimir.internal");
  EXPECT_EQ(targets[0].headers, (std::vector<std::pair<std::string, std::string>>{{"X-Scope-OrgID", "team-a"}}));
  EXPECT_EQ(targets[0].queue_capacity, 5000);
  EXPECT_EQ(targets[0].max_samples_per_send, 500);
  EXPECT_EQ(targets[0].timeout, std::chrono::seconds(10));
  EXPECT_EQ(targets[0].min_backoff, std::chrono::milliseconds(50));
  EXPECT_EQ(targets[0].max_backoff, std::chrono::seconds(2));
  ASSERT_TRUE(targets[1].sigv4);
  EXPECT_EQ(targets[1].sigv4->region, "us-east-1");
  EXPECT_EQ(targets[1].sigv4->role_arn, "arn:aws:iam::123456789012:role/writer");
  EXPECT_EQ(targets[1].queue_capacity, 100000);
  EXPECT_EQ(targets[1].max_samples_per_send, 2000);
  EXPECT_EQ(targets[1].min_backoff, std::chrono::milliseconds(30));
  EXPECT_EQ(targets[1].max_backoff, std::chrono::seconds(5));
  // --check-config: the url and the kind of authentication, never a secret.
  EXPECT_EQ(value_of(result, "remote_write").value,
            "https://mimir.example.com/api/v1/push auth=basic_auth name=mimir,"
            "https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write auth=sigv4");
}

TEST_F(RemoteWriteConfigTest, ALaterFileReplacesTheWholeList) {
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n  - url: http://b.example/write\n");
  write("development.yaml", "remote_write:\n  - url: http://c.example/write\n");
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  ASSERT_EQ(result.settings->remote_write.size(), 1u);
  EXPECT_EQ(result.settings->remote_write[0].url, "http://c.example/write");
}

TEST_F(RemoteWriteConfigTest, SecretsNeverShow) {
  write("default.yaml",
        "remote_write:\n  - url: http://a.example/write\n    bearer_token: tok-123-secret\n"
        "  - url: http://b.example/write\n    basic_auth: {username: u, password: pw-456-secret}\n");
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  const std::string shown = value_of(result, "remote_write").value.value_or("");
  EXPECT_EQ(shown, "http://a.example/write auth=bearer_token,http://b.example/write auth=basic_auth");
  EXPECT_THAT(shown, Not(HasSubstr("secret")));
}

TEST_F(RemoteWriteConfigTest, AMissingPasswordFileNamesThePathTheFileAndTheForm) {
  write("default.yaml",
        "remote_write:\n  - url: http://a.example/write\n"
        "  - url: http://b.example/write\n    basic_auth: {username: u, password_file: /nonexistent/pw}\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:1: remote_write[1].basic_auth.password_file: /nonexistent/pw cannot be "
                          "read (No such file or directory); expected a file holding the password"));
}

TEST_F(RemoteWriteConfigTest, RejectsCredentialsInTheUrl) {
  write("default.yaml", "remote_write:\n  - url: https://user:pw@mimir.example.com/api/v1/push\n");
  const auto found = errors(load());
  EXPECT_THAT(found, ElementsAre("config/default.yaml:1: remote_write[0].url: must not hold credentials "
                                 "(user:password@); use basic_auth, bearer_token or sigv4"));
  EXPECT_THAT(found[0], Not(HasSubstr("pw@")));
}

TEST_F(RemoteWriteConfigTest, RejectsAnythingButHttpAndAMissingUrl) {
  write("default.yaml", "remote_write:\n  - url: ftp://mimir.example.com/\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:1: remote_write[0].url: expected an http or https URL such as "
                          "https://prometheus.example.com/api/v1/write, got 'ftp://mimir.example.com/'"));
  write("default.yaml", "remote_write:\n  - url: http://mimir.example.com:99999/write\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:1: remote_write[0].url: expected an http or https URL such as "
                          "https://prometheus.example.com/api/v1/write, got 'http://mimir.example.com:99999/write'"));
  write("default.yaml", "remote_write:\n  - name: nourl\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:1: remote_write[0].url: missing; expected an http or https URL such as "
                          "https://prometheus.example.com/api/v1/write"));
}

TEST_F(RemoteWriteConfigTest, AtMostOneKindOfAuthentication) {
  write("default.yaml",
        "remote_write:\n  - url: http://a.example/write\n    bearer_token: t\n    sigv4: {region: us-east-1}\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[0]: bearer_token and sigv4 are all set; "
                                          "at most one of basic_auth, bearer_token, bearer_token_file and sigv4"));
}

TEST_F(RemoteWriteConfigTest, RefusesTheHeadersRemoteWriteSetsItself) {
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n    headers: {Content-Encoding: gzip}\n");
  EXPECT_THAT(errors(load()),
              ElementsAre("config/default.yaml:1: remote_write[0].headers.Content-Encoding: remote write sets this "
                          "header itself; it cannot be configured (for credentials use basic_auth, bearer_token or "
                          "sigv4)"));
}

TEST_F(RemoteWriteConfigTest, UnknownFieldsGetASuggestion) {
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n    queue_capacty: 10\n");
  const auto found = errors(load());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_THAT(found[0], HasSubstr("remote_write[0]: unknown field 'queue_capacty'"));
  EXPECT_THAT(found[0], HasSubstr("did you mean 'queue_capacity'?"));
}

TEST_F(RemoteWriteConfigTest, BoundsAndOrderOfTheNumbers) {
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n    queue_capacity: 0\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[0].queue_capacity: expected an "
                                          "integer from 1 to 100000000, got 0"));
  write("default.yaml",
        "remote_write:\n  - url: http://a.example/write\n    queue_capacity: 10\n    max_samples_per_send: 20\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[0].max_samples_per_send: 20 is more "
                                          "than queue_capacity (10); a batch is taken from the queue"));
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n    min_backoff: 10s\n    max_backoff: 1s\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[0].min_backoff: 10000 ms is more than "
                                          "max_backoff (1000 ms)"));
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n    timeout: soon\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[0].timeout: expected a duration from "
                                          "1ms to 600s, as seconds (0.5) or with a unit (30ms, 5s, 1m), got 'soon'"));
}

TEST_F(RemoteWriteConfigTest, TheSameUrlTwiceIsAnError) {
  write("default.yaml", "remote_write:\n  - url: http://a.example/write\n  - url: http://a.example/write\n");
  EXPECT_THAT(errors(load()), ElementsAre("config/default.yaml:1: remote_write[1].url: http://a.example/write is "
                                          "already remote_write[0]'s; each target once"));
}

TEST_F(RemoteWriteConfigTest, TakesJsonFromTheEnvironmentToo) {
  request.environment["APP_REMOTE_WRITE"] = R"([{"url": "http://127.0.0.1:9/api/v1/write", "sigv4": {}}])";
  const auto result = load();
  ASSERT_TRUE(result.settings) << ::testing::PrintToString(errors(result));
  ASSERT_EQ(result.settings->remote_write.size(), 1u);
  ASSERT_TRUE(result.settings->remote_write[0].sigv4);
  EXPECT_FALSE(result.settings->remote_write[0].sigv4->region);
}

}  // namespace
}  // namespace rds_exporter::config
