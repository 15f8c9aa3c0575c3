#pragma once

#include "common/environment.h"
#include "common/expected.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

struct SharedConfigPaths {
  std::string config_file;
  std::string credentials_file;
};

// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials; a leading "~/"
// stands for HOME as botocore expands it.
SharedConfigPaths shared_config_paths(const common::Environment& environment);

// Keys lower-cased, values trimmed; keys with an empty value are left out.
using IniProperties = std::map<std::string, std::string, std::less<>>;

// The AWS config and credentials files as botocore reads them: profiles are "[default]" or "[profile NAME]"
// in the config file and bare names in the credentials file; "[sso-session NAME]" and "[services NAME]"
// sections live in the config file. A missing file counts as an empty one.
class SharedConfigFiles {
 public:
  // Fails when a file exists but cannot be read or parsed; the message names file and line.
  static common::Expected<SharedConfigFiles, std::string> load(const common::Environment& environment);
  static common::Expected<SharedConfigFiles, std::string> load(const SharedConfigPaths& paths);
  // From text already read, e.g. in tests; the paths only name the files in messages.
  static common::Expected<SharedConfigFiles, std::string> parse(const SharedConfigPaths& paths,
                                                                std::string_view config_text,
                                                                std::string_view credentials_text);

  const SharedConfigPaths& paths() const { return paths_; }

  bool has_profile(std::string_view profile) const;
  // The profile's keys from both files, those of the credentials file winning where both set one.
  std::optional<IniProperties> profile(std::string_view profile) const;
  const IniProperties* config_file_profile(std::string_view profile) const;
  const IniProperties* credentials_file_profile(std::string_view profile) const;
  std::optional<std::string> profile_value(std::string_view profile, std::string_view key) const;

  std::optional<std::string> profile_region(std::string_view profile) const;
  // The profile's endpoint for one service (its config key: "rds", "cloudwatch", "sts", "sso") from its
  // `services` section, else the profile's own `endpoint_url`; nothing when neither is set.
  std::optional<std::string> profile_endpoint_url(std::string_view profile, std::string_view service) const;

  const IniProperties* sso_session(std::string_view name) const;

  // Whether the config file has a section "[NAME]" that is not a profile there because it lacks the
  // "profile " prefix, a common slip worth pointing out when NAME is not found.
  bool config_file_has_unprefixed_section(std::string_view name) const;

 private:
  using ServiceBlocks = std::map<std::string, IniProperties, std::less<>>;

  SharedConfigPaths paths_;
  std::map<std::string, IniProperties, std::less<>> config_profiles_;
  std::map<std::string, IniProperties, std::less<>> credentials_profiles_;
  std::map<std::string, IniProperties, std::less<>> sso_sessions_;
  std::map<std::string, ServiceBlocks, std::less<>> services_;
  std::set<std::string, std::less<>> other_config_sections_;
};

}  // namespace rds_exporter::aws
