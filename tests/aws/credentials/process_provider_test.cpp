#include "aws/credentials/process_provider.h"

#include "common/time_text.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace rds_exporter::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempHome;
using Kind = CredentialsProblem::Kind;

CredentialsResult run(const TempHome& home, const std::string& command_line, ChildProcessLimits limits = {}) {
  return ProcessProvider(command_line, home.environment(), limits).credentials();
}

std::string failure(const CredentialsResult& result) {
  EXPECT_FALSE(result);
  if (result) return "";
  EXPECT_EQ(result.error().kind, Kind::failed);
  return result.error().message;
}

TEST(ProcessProviderTest, ReadsTheJsonTheCommandPrints) {
  const TempHome home;
  const std::string script = home.script(
      "creds.sh", R"(printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "proc-secret", )"
                  R"("SessionToken": "proc-token", "Expiration": "2030-01-01T00:00:00Z"}')");
  const auto credentials = run(home, script);
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "AKIDPROCESS");
  EXPECT_EQ(credentials->secret_access_key, "proc-secret");
  EXPECT_EQ(credentials->session_token, "proc-token");
  EXPECT_EQ(credentials->expiration, common::parse_iso8601("2030-01-01T00:00:00Z"));
  EXPECT_EQ(ProcessProvider("x", {}).name(), "process");
}

TEST(ProcessProviderTest, SessionTokenAndExpirationAreOptional) {
  const TempHome home;
  const std::string script =
      home.script("creds.sh", R"(printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s"}')");
  const auto credentials = run(home, script);
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->session_token, "");
  EXPECT_FALSE(credentials->expiration);
}

TEST(ProcessProviderTest, SplitsTheCommandLineLikeAShellWithoutOne) {
  const TempHome home;
  const std::string script =
      home.script("my tools/creds.sh",
                  R"(printf '{"Version": 1, "AccessKeyId": "%s|%s|%s", "SecretAccessKey": "%s"}' "$1" "$2" "$3" "$#")");
  const auto credentials = run(home, "'" + script + R"(' "two words" back\ slash '$HOME')");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "two words|back slash|$HOME");
  EXPECT_EQ(credentials->secret_access_key, "3");
}

TEST(ProcessProviderTest, FindsTheProgramOnPathAndPassesTheEnvironment) {
  const TempHome home;
  const std::string script =
      home.write("creds.sh", R"(printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "s"}' "$HOME")", 0600);
  const auto credentials = run(home, "sh " + script);
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, home.path());
}

TEST(ProcessProviderTest, ANonZeroExitFailsWithTheStatusButNotTheOutput) {
  const TempHome home;
  const std::string script = home.script("creds.sh", "echo printed-secret-output\nexit 3\n");
  EXPECT_EQ(failure(run(home, script)), "credential_process " + script + " exited with status 3");
}

TEST(ProcessProviderTest, AKilledCommandFailsWithTheSignal) {
  const TempHome home;
  const std::string script = home.script("creds.sh", "kill -9 $$\n");
  EXPECT_EQ(failure(run(home, script)), "credential_process " + script + " was killed by signal 9");
}

TEST(ProcessProviderTest, ACommandThatHangsIsKilledAtTheTimeout) {
  const TempHome home;
  const std::string script = home.script("creds.sh", "exec sleep 30\n");
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(failure(run(home, script, {std::chrono::milliseconds(300)})),
            "credential_process " + script + ": did not finish within 300 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(ProcessProviderTest, TooMuchOutputIsRefused) {
  const TempHome home;
  const std::string script = home.script("creds.sh", "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n");
  EXPECT_EQ(failure(run(home, script, {std::chrono::seconds(20), 4096})),
            "credential_process " + script + ": printed more than 4096 bytes");
}

TEST(ProcessProviderTest, AMissingProgramFails) {
  const TempHome home;
  EXPECT_EQ(failure(run(home, "/nonexistent/get-creds --json")),
            "credential_process /nonexistent/get-creds: cannot start: No such file or directory");
}

TEST(ProcessProviderTest, OutputThatIsNotJsonFailsWithoutQuotingIt) {
  const TempHome home;
  const std::string script = home.script("creds.sh", "echo 'AKID printed-secret-output'\n");
  const std::string message = failure(run(home, script));
  EXPECT_THAT(message, HasSubstr(": its output is not valid JSON: syntax error at byte"));
  EXPECT_THAT(message, Not(HasSubstr("printed-secret-output")));
}

TEST(ProcessProviderTest, ANumberOutOfRangeIsNamedAsMalformedOutput) {
  const TempHome home;
  const std::string script = home.script(
      "creds.sh", R"(printf '{"Version": 1E400, "AccessKeyId": "AKID", "SecretAccessKey": "printed-secret-output"}')");
  EXPECT_EQ(failure(run(home, script)),
            "credential_process " + script + ": its output is not valid JSON: a number out of range");
}

TEST(ProcessProviderTest, OnlyVersionOneIsAccepted) {
  const TempHome home;
  const std::string script = home.script(
      "creds.sh", R"(printf '{"Version": 2, "AccessKeyId": "AKID", "SecretAccessKey": "printed-secret-output"}')");
  const std::string message = failure(run(home, script));
  EXPECT_EQ(message, "credential_process " + script + " printed no \"Version\": 1, the only version there is");
}

TEST(ProcessProviderTest, KeysAreRequired) {
  const TempHome home;
  const std::string script = home.script("creds.sh", R"(printf '{"Version": 1, "AccessKeyId": "AKID"}')");
  EXPECT_EQ(failure(run(home, script)),
            "credential_process " + script + " printed unusable JSON: top level: missing member SecretAccessKey");
}

TEST(ProcessProviderTest, ABadlyQuotedCommandFailsWithoutQuotingIt) {
  const TempHome home;
  EXPECT_EQ(failure(run(home, "get-creds 'secret-argument")), "credential_process has an unterminated ' quote");
  EXPECT_EQ(failure(run(home, "   ")), "credential_process is empty");
}

}  // namespace
}  // namespace rds_exporter::aws
