#include "aws/credentials/profile_resolution.h"

#include "aws/credentials/assume_role_provider.h"
#include "aws/credentials/caching_provider.h"
#include "aws/credentials/container_provider.h"
#include "aws/credentials/environment_provider.h"
#include "aws/credentials/imds_provider.h"
#include "aws/credentials/process_provider.h"
#include "aws/credentials/sso_provider.h"
#include "aws/credentials/static_provider.h"
#include "aws/credentials/web_identity_provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rds_exporter::aws {
namespace {

constexpr std::array<std::string_view, 5> kSsoKeys{"sso_session", "sso_start_url", "sso_region", "sso_account_id",
                                                   "sso_role_name"};

std::optional<std::string> value_of(const IniProperties& properties, std::string_view key) {
  const auto found = properties.find(key);
  if (found == properties.end()) return std::nullopt;
  return found->second;
}

using StaticKeys = std::optional<common::Expected<Credentials, CredentialsProblem>>;

// Nothing when the section has neither key; a problem when it has only one. `where` is "" or " in <file>".
StaticKeys static_keys(const IniProperties* section, std::string_view where) {
  if (section == nullptr) return std::nullopt;
  auto access_key_id = value_of(*section, "aws_access_key_id");
  auto secret_access_key = value_of(*section, "aws_secret_access_key");
  if (!access_key_id && !secret_access_key) return std::nullopt;
  if (!access_key_id || !secret_access_key) {
    const auto [present, missing] = access_key_id ? std::pair("aws_access_key_id", "aws_secret_access_key")
                                                  : std::pair("aws_secret_access_key", "aws_access_key_id");
    return common::Unexpected{credentials_failed(fmt::format("{} is set{} but {} is not", present, where, missing))};
  }
  Credentials credentials;
  credentials.access_key_id = *std::move(access_key_id);
  credentials.secret_access_key = *std::move(secret_access_key);
  credentials.session_token =
      value_of(*section, "aws_session_token").value_or(value_of(*section, "aws_security_token").value_or(""));
  return credentials;
}

template <typename Provider, typename... Arguments>
ProviderOrProblem make_provider(Arguments&&... arguments) {
  return std::shared_ptr<CredentialsProvider>(std::make_shared<Provider>(std::forward<Arguments>(arguments)...));
}

ProviderOrProblem static_provider(common::Expected<Credentials, CredentialsProblem> keys) {
  if (!keys) return common::Unexpected{keys.error()};
  return make_provider<StaticProvider>(*std::move(keys), "profile");
}

common::Expected<std::optional<int>, CredentialsProblem> duration_seconds(const IniProperties& profile) {
  const auto text = value_of(profile, "duration_seconds");
  if (!text) return std::optional<int>();
  int seconds = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (error != std::errc() || end != text->data() + text->size() || seconds <= 0) {
    return common::Unexpected{credentials_failed("duration_seconds must be a whole number of seconds")};
  }
  return std::optional<int>(seconds);
}

class ProfileResolver {
 public:
  ProfileResolver(const SharedConfigFiles& files, const ProfileDependencies& dependencies)
      : files_(files), dependencies_(dependencies) {}

  ProviderOrProblem resolve(const ProfileSelection& selection) {
    const auto profile = files_.profile(selection.name);
    if (!profile) {
      const auto kind = selection.origin == ProfileOrigin::default_name ? CredentialsProblem::Kind::absent
                                                                        : CredentialsProblem::Kind::failed;
      return common::Unexpected{CredentialsProblem{kind, not_found_message(selection.name)}};
    }
    visited_.push_back(selection.name);
    if (auto provider = resolve_settings(selection.name, *profile)) return *std::move(provider);
    const auto kind = selection.origin == ProfileOrigin::exporter_config ? CredentialsProblem::Kind::failed
                                                                         : CredentialsProblem::Kind::absent;
    return common::Unexpected{CredentialsProblem{kind, nothing_usable_message()}};
  }

 private:
  std::string not_found_message(const std::string& name) const {
    std::string message =
        fmt::format("not found in {} or {}", files_.paths().config_file, files_.paths().credentials_file);
    if (files_.config_file_has_unprefixed_section(name)) {
      message +=
          fmt::format(" (the config file has a section [{0}], but profiles there are written [profile {0}])", name);
    }
    return message;
  }

  static std::string nothing_usable_message() {
    return "has no credentials: it sets none of role_arn, web_identity_token_file, sso_session, sso_start_url, "
           "aws_access_key_id, credential_process";
  }

  // Nothing when the profile sets nothing that gives credentials, which each caller words for its situation.
  std::optional<ProviderOrProblem> resolve_settings(const std::string& name, const IniProperties& profile) {
    const auto role_arn = value_of(profile, "role_arn");
    const auto token_file = value_of(profile, "web_identity_token_file");
    if (role_arn && !token_file) return assume_role(*role_arn, profile);
    if (token_file) return web_identity(*token_file, role_arn, profile);
    if (std::any_of(kSsoKeys.begin(), kSsoKeys.end(), [&](auto key) { return profile.contains(key); })) {
      return sso(name, profile);
    }
    if (auto keys = static_keys(files_.credentials_file_profile(name), " in " + files_.paths().credentials_file)) {
      return static_provider(*std::move(keys));
    }
    if (const auto command = value_of(profile, "credential_process")) {
      return make_provider<ProcessProvider>(*command, dependencies_.environment, dependencies_.process_limits);
    }
    if (auto keys = static_keys(files_.config_file_profile(name), " in " + files_.paths().config_file)) {
      return static_provider(*std::move(keys));
    }
    return std::nullopt;
  }

  ProviderOrProblem resolve_source_profile(const std::string& name) {
    const auto prefix = [&](const CredentialsProblem& problem) {
      return credentials_failed(fmt::format("source_profile \"{}\": {}", name, problem.message));
    };
    const auto profile = files_.profile(name);
    if (!profile) return common::Unexpected{prefix(credentials_failed(not_found_message(name)))};
    // Keys of its own win over the source profile's role_arn: that is how a profile can name itself as its
    // source, and why only profiles without keys can form a cycle.
    if (auto keys = static_keys(&*profile, "")) {
      if (!*keys) return common::Unexpected{prefix(keys->error())};
      return static_provider(*std::move(keys));
    }
    if (std::find(visited_.begin(), visited_.end(), name) != visited_.end()) {
      return common::Unexpected{
          credentials_failed(fmt::format("source_profile cycle: {} -> {}", fmt::join(visited_, " -> "), name))};
    }
    visited_.push_back(name);
    auto provider = resolve_settings(name, *profile);
    if (!provider) return common::Unexpected{prefix(credentials_failed(nothing_usable_message()))};
    if (!*provider) return common::Unexpected{prefix(provider->error())};
    return *std::move(provider);
  }

  ProviderOrProblem assume_role(const std::string& role_arn, const IniProperties& profile) {
    const auto source_profile = value_of(profile, "source_profile");
    const auto credential_source = value_of(profile, "credential_source");
    if (source_profile && credential_source) {
      return common::Unexpected{credentials_failed("sets both source_profile and credential_source; set only one")};
    }
    if (!source_profile && !credential_source) {
      return common::Unexpected{credentials_failed("sets role_arn but neither source_profile nor credential_source")};
    }
    const auto duration = duration_seconds(profile);
    if (!duration) return common::Unexpected{duration.error()};

    AssumeRoleSettings settings;
    settings.role_arn = role_arn;
    settings.session_name = value_of(profile, "role_session_name");
    settings.external_id = value_of(profile, "external_id");
    settings.duration_seconds = *duration;
    std::shared_ptr<CredentialsProvider> source;
    if (source_profile) {
      auto resolved = resolve_source_profile(*source_profile);
      if (!resolved) return resolved;
      source = *std::move(resolved);
      settings.source_description = fmt::format("source_profile \"{}\"", *source_profile);
    } else {
      auto named = credential_source_provider(*credential_source);
      if (!named) return named;
      source = *std::move(named);
      settings.source_description = "credential_source " + *credential_source;
    }
    // Cached so that the assume-role provider's look at the source and the signing share one fetch.
    CachingOptions caching;
    caching.clock = dependencies_.clock;
    return make_provider<AssumeRoleProvider>(std::make_shared<CachingProvider>(std::move(source), caching),
                                             std::move(settings), dependencies_.role_assumer, dependencies_.clock);
  }

  ProviderOrProblem credential_source_provider(const std::string& source) {
    if (source == "Environment") return make_provider<EnvironmentProvider>(dependencies_.environment);
    if (source == "Ec2InstanceMetadata") {
      return make_provider<ImdsProvider>(dependencies_.transport, dependencies_.environment);
    }
    if (source == "EcsContainer") {
      return make_provider<ContainerProvider>(dependencies_.transport, dependencies_.environment);
    }
    return common::Unexpected{credentials_failed(
        fmt::format("credential_source \"{}\" is not one of Environment, Ec2InstanceMetadata, EcsContainer", source))};
  }

  ProviderOrProblem web_identity(const std::string& token_file, const std::optional<std::string>& role_arn,
                                 const IniProperties& profile) {
    if (!role_arn) return common::Unexpected{credentials_failed("sets web_identity_token_file but not role_arn")};
    const auto duration = duration_seconds(profile);
    if (!duration) return common::Unexpected{duration.error()};
    WebIdentitySettings settings{token_file, *role_arn, value_of(profile, "role_session_name"), *duration};
    return make_provider<WebIdentityProvider>(std::move(settings), dependencies_.role_assumer, dependencies_.clock);
  }

  ProviderOrProblem sso(const std::string& name, const IniProperties& profile) {
    SsoSettings settings;
    settings.profile_name = name;
    std::vector<std::string> missing;
    const auto require = [&](const IniProperties& section, std::string_view key, std::string_view where) {
      auto value = value_of(section, key);
      if (!value) missing.push_back(std::string(key) + std::string(where));
      return value.value_or("");
    };
    if (const auto session_name = value_of(profile, "sso_session")) {
      const IniProperties* session = files_.sso_session(*session_name);
      if (session == nullptr) {
        return common::Unexpected{credentials_failed(fmt::format(
            "sso_session \"{0}\" has no [sso-session {0}] section in {1}", *session_name, files_.paths().config_file))};
      }
      for (const std::string_view key : {"sso_start_url", "sso_region"}) {
        const auto in_profile = value_of(profile, key);
        const auto in_session = value_of(*session, key);
        if (in_profile && in_session && *in_profile != *in_session) {
          return common::Unexpected{
              credentials_failed(fmt::format("{} differs from the one in [sso-session {}]", key, *session_name))};
        }
      }
      settings.session_name = *session_name;
      const std::string where = fmt::format(" (in [sso-session {}])", *session_name);
      settings.start_url = require(*session, "sso_start_url", where);
      settings.region = require(*session, "sso_region", where);
    } else {
      settings.start_url = require(profile, "sso_start_url", "");
      settings.region = require(profile, "sso_region", "");
    }
    settings.account_id = require(profile, "sso_account_id", "");
    settings.role_name = require(profile, "sso_role_name", "");
    if (!missing.empty()) {
      return common::Unexpected{
          credentials_failed(fmt::format("is configured for SSO but lacks {}", fmt::join(missing, ", ")))};
    }
    return make_provider<SsoProvider>(std::move(settings), dependencies_.environment, dependencies_.sso_portal,
                                      dependencies_.clock);
  }

  const SharedConfigFiles& files_;
  const ProfileDependencies& dependencies_;
  // The profiles followed through source_profile so far, to spell out a cycle.
  std::vector<std::string> visited_;
};

}  // namespace

ProviderOrProblem provider_for_profile(const SharedConfigFiles& files, const ProfileSelection& profile,
                                       const ProfileDependencies& dependencies) {
  return ProfileResolver(files, dependencies).resolve(profile);
}

}  // namespace rds_exporter::aws
