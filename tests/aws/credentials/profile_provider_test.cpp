#include "aws/credentials/profile_provider.h"

#include "fake_role_services.h"
#include "fake_transport.h"
#include "temp_home.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

namespace rds_exporter::aws {
namespace {

using testing::FakeRoleAssumer;
using testing::FakeSsoPortal;
using testing::FakeTransport;
using ::testing::HasSubstr;
using testing::TempHome;
using Kind = CredentialsProblem::Kind;

const auto kProfileClock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1714564800)); };

class ProfileProviderTest : public ::testing::Test {
 protected:
  CredentialsResult credentials_of(const std::string& profile, ProfileOrigin origin = ProfileOrigin::exporter_config) {
    common::Environment environment = home_.environment();
    environment.insert(extra_environment_.begin(), extra_environment_.end());
    ProfileProvider provider({profile, origin},
                             ProfileDependencies{environment, transport_, assumer_, portal_, kProfileClock, {}});
    return provider.credentials();
  }
  std::string failure_of(const std::string& profile, ProfileOrigin origin = ProfileOrigin::exporter_config) {
    const auto result = credentials_of(profile, origin);
    EXPECT_FALSE(result);
    if (result) return "";
    EXPECT_EQ(result.error().kind, Kind::failed);
    return result.error().message;
  }
  void config(std::string_view text) { home_.write(".aws/config", text); }
  void credentials_file(std::string_view text) { home_.write(".aws/credentials", text); }
  std::string config_path() const { return home_.path() + "/.aws/config"; }
  std::string credentials_path() const { return home_.path() + "/.aws/credentials"; }

  TempHome home_;
  common::Environment extra_environment_;
  FakeTransport transport_;
  FakeRoleAssumer assumer_;
  FakeSsoPortal portal_;
};

TEST_F(ProfileProviderTest, StaticKeysFromTheCredentialsFile) {
  credentials_file("[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s1\naws_session_token = t1\n");
  const auto credentials = credentials_of("default");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(credentials->secret_access_key, "s1");
  EXPECT_EQ(credentials->session_token, "t1");
}

TEST_F(ProfileProviderTest, StaticKeysFromTheConfigFile) {
  config("[profile cfg]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
  EXPECT_EQ(credentials_of("cfg")->access_key_id, "AKIDCONFIG");
}

TEST_F(ProfileProviderTest, CredentialsFileKeysWinOverConfigFileKeys) {
  config("[profile p]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n");
  credentials_file("[p]\naws_access_key_id = AKIDCREDENTIALS\naws_secret_access_key = s\n");
  EXPECT_EQ(credentials_of("p")->access_key_id, "AKIDCREDENTIALS");
}

TEST_F(ProfileProviderTest, CredentialProcessComesBetweenTheTwoFilesKeys) {
  const std::string script =
      home_.script("creds.sh", R"(printf '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "s"}')");
  config(fmt::format(
      "[profile p]\ncredential_process = {}\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n", script));
  EXPECT_EQ(credentials_of("p")->access_key_id, "AKIDPROCESS");
  credentials_file("[p]\naws_access_key_id = AKIDCREDENTIALS\naws_secret_access_key = s\n");
  EXPECT_EQ(credentials_of("p")->access_key_id, "AKIDCREDENTIALS");
}

TEST_F(ProfileProviderTest, HalfAKeyPairFailsNamingTheFile) {
  credentials_file("[p]\naws_access_key_id = AKID\n");
  EXPECT_EQ(failure_of("p"),
            fmt::format("aws_access_key_id is set in {} but aws_secret_access_key is not", credentials_path()));
}

TEST_F(ProfileProviderTest, RoleWithSourceProfileAssumesTheRoleWithTheSourcesKeys) {
  config(
      "[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/rds-exporter\nsource_profile = prod-keys\n"
      "role_session_name = exporter\nexternal_id = ext-1\nduration_seconds = 1800\n");
  credentials_file("[prod-keys]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s\n");
  const auto credentials = credentials_of("prod");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIARDS-EXPORTER");
  const auto calls = assumer_.assume_role_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].source_access_key_id, "AKIDSOURCE");
  EXPECT_EQ(calls[0].parameters.role_arn, "arn:aws:iam::123456789012:role/rds-exporter");
  EXPECT_EQ(calls[0].parameters.session_name, "exporter");
  EXPECT_EQ(calls[0].parameters.external_id, "ext-1");
  EXPECT_EQ(calls[0].parameters.duration_seconds, 1800);
}

TEST_F(ProfileProviderTest, RolesChainThroughSourceProfiles) {
  config(
      "[profile second]\nrole_arn = arn:aws:iam::2:role/second\nsource_profile = first\n"
      "[profile first]\nrole_arn = arn:aws:iam::1:role/first\nsource_profile = keys\n");
  credentials_file("[keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = s\n");
  const auto credentials = credentials_of("second");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIASECOND");
  const auto calls = assumer_.assume_role_calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].parameters.role_arn, "arn:aws:iam::1:role/first");
  EXPECT_EQ(calls[0].source_access_key_id, "AKIDKEYS");
  EXPECT_EQ(calls[1].parameters.role_arn, "arn:aws:iam::2:role/second");
  EXPECT_EQ(calls[1].source_access_key_id, "ASIAFIRST");
  EXPECT_EQ(calls[1].parameters.session_name, "rds-exporter-1714564800");
}

TEST_F(ProfileProviderTest, ASourceProfileWithKeysUsesThemEvenIfItHasARole) {
  config(
      "[profile top]\nrole_arn = arn:aws:iam::1:role/top\nsource_profile = both\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/ignored\nsource_profile = top\n");
  credentials_file("[both]\naws_access_key_id = AKIDBOTH\naws_secret_access_key = s\n");
  ASSERT_TRUE(credentials_of("top"));
  const auto calls = assumer_.assume_role_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].source_access_key_id, "AKIDBOTH");
}

TEST_F(ProfileProviderTest, AProfileMayBeItsOwnSourceWhenItHasKeys) {
  config("[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n");
  credentials_file("[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n");
  ASSERT_TRUE(credentials_of("self"));
  EXPECT_EQ(assumer_.assume_role_calls()[0].source_access_key_id, "AKIDSELF");
}

TEST_F(ProfileProviderTest, ASourceProfileCycleIsSpelledOut) {
  config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  EXPECT_EQ(failure_of("a"), "source_profile \"b\": source_profile cycle: a -> b -> a");
  EXPECT_TRUE(assumer_.assume_role_calls().empty());
}

TEST_F(ProfileProviderTest, AMissingSourceProfileIsNamed) {
  config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = nowhere\n");
  EXPECT_EQ(failure_of("a"),
            fmt::format("source_profile \"nowhere\": not found in {} or {}", config_path(), credentials_path()));
}

TEST_F(ProfileProviderTest, ASourceProfileWithoutCredentialsSaysSo) {
  config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = empty\n[profile empty]\nregion = x\n");
  EXPECT_THAT(failure_of("a"), HasSubstr("source_profile \"empty\": has no credentials: it sets none of role_arn"));
}

TEST_F(ProfileProviderTest, CredentialSourceEnvironment) {
  config("[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n");
  extra_environment_ = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
  ASSERT_TRUE(credentials_of("ci"));
  EXPECT_EQ(assumer_.assume_role_calls()[0].source_access_key_id, "AKIDENV");
}

TEST_F(ProfileProviderTest, CredentialSourceWithoutCredentialsFails) {
  config("[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n");
  EXPECT_EQ(failure_of("ci"),
            "no source credentials to assume arn:aws:iam::1:role/ci from credential_source Environment: "
            "AWS_ACCESS_KEY_ID not set");
}

TEST_F(ProfileProviderTest, CredentialSourceEc2InstanceMetadataAndEcsContainer) {
  transport_.answer("PUT", "http://169.254.169.254/latest/api/token", 200, "t");
  transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "role");
  transport_.answer("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/role", 200,
                    R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t"})");
  transport_.answer("GET", "http://169.254.170.2/v2/creds", 200,
                    R"({"AccessKeyId":"ASIAECS","SecretAccessKey":"s","Token":"t"})");
  extra_environment_ = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds"}};
  config(
      "[profile ec2]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Ec2InstanceMetadata\n"
      "[profile ecs]\nrole_arn = arn:aws:iam::1:role/y\ncredential_source = EcsContainer\n");
  ASSERT_TRUE(credentials_of("ec2"));
  ASSERT_TRUE(credentials_of("ecs"));
  const auto calls = assumer_.assume_role_calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].source_access_key_id, "ASIAIMDS");
  EXPECT_EQ(calls[1].source_access_key_id, "ASIAECS");
}

TEST_F(ProfileProviderTest, RoleSettingsMistakesFail) {
  config(
      "[profile both]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = k\ncredential_source = Environment\n"
      "[profile neither]\nrole_arn = arn:aws:iam::1:role/x\n"
      "[profile odd]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Laptop\n"
      "[profile duration]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Environment\n"
      "duration_seconds = an hour\n");
  EXPECT_EQ(failure_of("both"), "sets both source_profile and credential_source; set only one");
  EXPECT_EQ(failure_of("neither"), "sets role_arn but neither source_profile nor credential_source");
  EXPECT_EQ(failure_of("odd"),
            "credential_source \"Laptop\" is not one of Environment, Ec2InstanceMetadata, EcsContainer");
  EXPECT_EQ(failure_of("duration"), "duration_seconds must be a whole number of seconds");
}

TEST_F(ProfileProviderTest, WebIdentityProfile) {
  const std::string token_file = home_.write("token", "profile-web-token");
  config(
      fmt::format("[profile irsa]\nrole_arn = arn:aws:iam::1:role/irsa\nweb_identity_token_file = {}\n"
                  "role_session_name = pod\n",
                  token_file));
  ASSERT_TRUE(credentials_of("irsa"));
  const auto calls = assumer_.web_identity_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].web_identity_token, "profile-web-token");
  EXPECT_EQ(calls[0].session_name, "pod");
  EXPECT_TRUE(assumer_.assume_role_calls().empty());
}

TEST_F(ProfileProviderTest, WebIdentityWithoutRoleFails) {
  config("[profile irsa]\nweb_identity_token_file = /t\n");
  EXPECT_EQ(failure_of("irsa"), "sets web_identity_token_file but not role_arn");
}

TEST_F(ProfileProviderTest, SsoSessionProfile) {
  config(
      "[profile sso-dev]\nsso_session = my-sso\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n"
      "[sso-session my-sso]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = us-east-1\n");
  home_.write(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json",
              R"({"accessToken":"aoa-token","expiresAt":"2024-05-01T20:00:00Z"})");
  const auto credentials = credentials_of("sso-dev");
  ASSERT_TRUE(credentials) << credentials.error().message;
  const auto calls = portal_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].sso_region, "us-east-1");
  EXPECT_EQ(calls[0].account_id, "123456789012");
  EXPECT_EQ(calls[0].role_name, "ReadOnly");
}

TEST_F(ProfileProviderTest, LegacySsoProfile) {
  config(
      "[profile old]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = eu-west-1\n"
      "sso_account_id = 1\nsso_role_name = Admin\n");
  home_.write(".aws/sso/cache/acff06c7037450e5a3fddcacb0a34e921da42d68.json",
              R"({"accessToken":"aoa-token","expiresAt":"2024-05-01T20:00:00Z"})");
  ASSERT_TRUE(credentials_of("old"));
  EXPECT_EQ(portal_.calls()[0].sso_region, "eu-west-1");
}

TEST_F(ProfileProviderTest, IncompleteSsoSettingsListWhatIsMissing) {
  config(
      "[profile partial]\nsso_session = my-sso\nsso_role_name = ReadOnly\n"
      "[profile nosession]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r\n"
      "[profile clash]\nsso_session = my-sso\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = r\n"
      "[sso-session my-sso]\nsso_region = us-east-1\n");
  EXPECT_EQ(failure_of("partial"),
            "is configured for SSO but lacks sso_start_url (in [sso-session my-sso]), sso_account_id");
  EXPECT_EQ(failure_of("nosession"), "sso_session \"gone\" has no [sso-session gone] section in " + config_path());
  EXPECT_EQ(failure_of("clash"), "sso_region differs from the one in [sso-session my-sso]");
}

TEST_F(ProfileProviderTest, AMissingProfileIsAbsentOnlyWhenNobodyNamedIt) {
  const std::string expected = fmt::format("not found in {} or {}", config_path(), credentials_path());
  const auto by_default = credentials_of("default", ProfileOrigin::default_name);
  ASSERT_FALSE(by_default);
  EXPECT_EQ(by_default.error().kind, Kind::absent);
  EXPECT_EQ(by_default.error().message, expected);
  EXPECT_EQ(failure_of("prod", ProfileOrigin::aws_profile_variable), expected);
  EXPECT_EQ(failure_of("prod", ProfileOrigin::exporter_config), expected);
}

TEST_F(ProfileProviderTest, AProfileWrittenWithoutPrefixInTheConfigFileIsPointedOut) {
  config("[prod]\nregion = eu-west-1\n");
  EXPECT_THAT(failure_of("prod"),
              HasSubstr("(the config file has a section [prod], but profiles there are written [profile prod])"));
}

TEST_F(ProfileProviderTest, AProfileWithoutCredentialsFailsOnlyWhenTheExporterNamedIt) {
  config("[default]\nregion = eu-west-1\n[profile named]\nregion = eu-west-1\n");
  const std::string expected =
      "has no credentials: it sets none of role_arn, web_identity_token_file, sso_session, sso_start_url, "
      "aws_access_key_id, credential_process";
  const auto by_default = credentials_of("default", ProfileOrigin::default_name);
  ASSERT_FALSE(by_default);
  EXPECT_EQ(by_default.error().kind, Kind::absent);
  EXPECT_EQ(by_default.error().message, expected);
  const auto by_variable = credentials_of("named", ProfileOrigin::aws_profile_variable);
  ASSERT_FALSE(by_variable);
  EXPECT_EQ(by_variable.error().kind, Kind::absent);
  EXPECT_EQ(failure_of("named", ProfileOrigin::exporter_config), expected);
}

TEST_F(ProfileProviderTest, ABrokenFileFailsNamingFileAndLine) {
  config("[default]\nregion = eu-west-1\nnonsense\n");
  EXPECT_EQ(failure_of("default", ProfileOrigin::default_name),
            config_path() + ":3: expected '[section]', 'key = value' or a comment");
}

TEST_F(ProfileProviderTest, FilesAreReadAgainAtEveryFetch) {
  credentials_file("[default]\naws_access_key_id = AKIDOLD\naws_secret_access_key = s\n");
  EXPECT_EQ(credentials_of("default")->access_key_id, "AKIDOLD");
  extra_environment_ = {};
  common::Environment environment = home_.environment();
  ProfileProvider provider({"default", ProfileOrigin::default_name},
                           ProfileDependencies{environment, transport_, assumer_, portal_, kProfileClock, {}});
  EXPECT_EQ(provider.credentials()->access_key_id, "AKIDOLD");
  credentials_file("[default]\naws_access_key_id = AKIDROTATED\naws_secret_access_key = s\n");
  EXPECT_EQ(provider.credentials()->access_key_id, "AKIDROTATED");
  EXPECT_EQ(provider.name(), "profile");
}

TEST_F(ProfileProviderTest, ConfigFileLocationsComeFromTheEnvironment) {
  const std::string elsewhere =
      home_.write("elsewhere/creds", "[x]\naws_access_key_id = AKIDX\naws_secret_access_key = s\n");
  extra_environment_ = {{"AWS_SHARED_CREDENTIALS_FILE", elsewhere}};
  EXPECT_EQ(credentials_of("x")->access_key_id, "AKIDX");
}

}  // namespace
}  // namespace rds_exporter::aws
