#include "aws/credentials/container_provider.h"

#include "common/time_text.h"
#include "fake_transport.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::header_of;
using ::testing::Not;
using testing::TempHome;
using Kind = CredentialsProblem::Kind;

constexpr const char* kContainerCredentialsJson =
    R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret","Token":"container-token",)"
    R"("Expiration":"2030-05-01T18:00:00Z","RoleArn":"arn:aws:iam::1:role/task"})";
constexpr const char* kPodIdentityUrl = "http://169.254.170.23/v1/credentials";

std::string url_problem(const common::Environment& environment) {
  const auto url = container_credentials_url(environment);
  EXPECT_FALSE(url);
  if (url) return "";
  EXPECT_EQ(url.error().kind, Kind::failed);
  return url.error().message;
}

TEST(ContainerCredentialsUrlTest, TheRelativeUriGoesToTheEcsAgent) {
  EXPECT_EQ(*container_credentials_url({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
                                        {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/x"}}),
            "http://169.254.170.2/v2/credentials/abc");
}

TEST(ContainerCredentialsUrlTest, TheFullUriMayBeHttpsAnywhereOrHttpToKnownLocalHosts) {
  for (const std::string url :
       {"https://creds.example.com/x", "http://127.0.0.1:8080/creds", "http://localhost/c", "http://[::1]:9/c",
        "http://169.254.170.2/c", kPodIdentityUrl, "http://[fd00:ec2::23]/v1/credentials"}) {
    const auto result = container_credentials_url({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", url}});
    ASSERT_TRUE(result) << url << ": " << result.error().message;
    EXPECT_EQ(*result, url);
  }
}

TEST(ContainerCredentialsUrlTest, PlainHttpElsewhereIsRefusedNamingTheHost) {
  EXPECT_THAT(url_problem({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://creds.example.com/x"}}),
              HasSubstr("not creds.example.com"));
  EXPECT_THAT(url_problem({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.169.254/latest"}}),
              HasSubstr("not 169.254.169.254"));
  EXPECT_THAT(url_problem({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/x"}}), HasSubstr("not ftp"));
  EXPECT_EQ(url_problem({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "not a url"}}),
            "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL");
}

TEST(ContainerCredentialsUrlTest, NeitherVariableIsAbsent) {
  const auto url = container_credentials_url({});
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().kind, Kind::absent);
}

TEST(ContainerProviderTest, FetchesCredentialsWithShortTimeouts) {
  FakeTransport transport;
  transport.answer("GET", "http://169.254.170.2/v2/credentials/abc", 200, kContainerCredentialsJson);
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"}});
  const auto credentials = provider.credentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIACONTAINER");
  EXPECT_EQ(credentials->secret_access_key, "container-secret");
  EXPECT_EQ(credentials->session_token, "container-token");
  EXPECT_EQ(credentials->expiration, common::parse_iso8601("2030-05-01T18:00:00Z"));
  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(header_of(requests[0], "Authorization"), "");
  ASSERT_TRUE(requests[0].connect_timeout);
  EXPECT_LE(*requests[0].connect_timeout, std::chrono::seconds(2));
  ASSERT_TRUE(requests[0].total_timeout);
  EXPECT_LE(*requests[0].total_timeout, std::chrono::seconds(5));
  EXPECT_EQ(provider.name(), "container");
}

TEST(ContainerProviderTest, SendsTheAuthorizationTokenFromTheVariable) {
  FakeTransport transport;
  transport.answer("GET", kPodIdentityUrl, 200, kContainerCredentialsJson);
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth-token-from-variable"}});
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(header_of(transport.requests()[0], "Authorization"), "auth-token-from-variable");
}

TEST(ContainerProviderTest, TheTokenFileWinsAndIsReadAgainAtEveryFetch) {
  const TempHome home;
  const std::string token_file = home.write("eks-pod-identity-token", "first-token\n");
  FakeTransport transport;
  transport.answer("GET", kPodIdentityUrl, 200, kContainerCredentialsJson);
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored"},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}});
  ASSERT_TRUE(provider.credentials());
  home.write("eks-pod-identity-token", "rotated-token");
  ASSERT_TRUE(provider.credentials());
  const auto requests = transport.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(header_of(requests[0], "Authorization"), "first-token");
  EXPECT_EQ(header_of(requests[1], "Authorization"), "rotated-token");
}

TEST(ContainerProviderTest, TokensSpanningLinesAreRefusedWithoutQuotingThem) {
  const TempHome home;
  const std::string token_file = home.write("token", "line-one-secret\r\nInjected: header");
  FakeTransport transport;
  const auto from_file = ContainerProvider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                                       {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}})
                             .credentials();
  ASSERT_FALSE(from_file);
  EXPECT_EQ(from_file.error().message, "the container authorization token in " + token_file + " spans lines");
  const auto from_variable = ContainerProvider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                                           {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "a-secret\nb"}})
                                 .credentials();
  ASSERT_FALSE(from_variable);
  EXPECT_EQ(from_variable.error().message, "AWS_CONTAINER_AUTHORIZATION_TOKEN contains a line break");
  EXPECT_TRUE(transport.requests().empty());
}

TEST(ContainerProviderTest, AnUnreadableTokenFileFailsNamingIt) {
  FakeTransport transport;
  const auto credentials = ContainerProvider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/t"}})
                               .credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message,
            "container authorization token: cannot read /nonexistent/t: No such file or directory");
}

TEST(ContainerProviderTest, RetriesABusyAgent) {
  FakeTransport transport;
  transport.script("GET", kPodIdentityUrl,
                   {FakeTransport::failure(TransportErrorKind::timed_out), FakeTransport::response(503),
                    FakeTransport::response(200, kContainerCredentialsJson)});
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl}});
  EXPECT_TRUE(provider.credentials());
  EXPECT_EQ(transport.requests().size(), 3u);
}

TEST(ContainerProviderTest, GivesUpAfterAFewAttempts) {
  FakeTransport transport;
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl}});
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::failed);
  EXPECT_THAT(credentials.error().message, HasSubstr("no answer from http://169.254.170.23/v1/credentials after 3"));
  EXPECT_EQ(transport.requests().size(), 3u);
}

TEST(ContainerProviderTest, AnErrorAnswerFailsWithItsStatus) {
  FakeTransport transport;
  transport.answer("GET", kPodIdentityUrl, 403, R"({"message":"bad token"})");
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth-token-secret"}});
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().message, "http://169.254.170.23/v1/credentials answered HTTP 403");
  EXPECT_EQ(transport.requests().size(), 1u);
}

TEST(ContainerProviderTest, AnAnswerWithoutKeysFails) {
  FakeTransport transport;
  transport.answer("GET", kPodIdentityUrl, 200, R"({"AccessKeyId":"ASIA"})");
  ContainerProvider provider(transport, {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", kPodIdentityUrl}});
  const auto credentials = provider.credentials();
  ASSERT_FALSE(credentials);
  EXPECT_THAT(credentials.error().message, HasSubstr("missing member SecretAccessKey"));
}

TEST(ContainerProviderTest, NotConfiguredIsAbsent) {
  FakeTransport transport;
  const auto credentials = ContainerProvider(transport, {}).credentials();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, Kind::absent);
  EXPECT_TRUE(transport.requests().empty());
}

}  // namespace
}  // namespace rds_exporter::aws
