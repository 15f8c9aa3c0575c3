#include "aws/credentials/shared_config_files.h"

#include "aws/credentials/file_text.h"
#include "aws/credentials/ini_document.h"
#include "aws/credentials/shell_words.h"
#include "common/text.h"

namespace rds_exporter::aws {
namespace {

std::string expand_home(const std::string& path, const common::Environment& environment) {
  if (path != "~" && !path.starts_with("~/")) return path;
  return common::non_empty(environment, "HOME").value_or("~") + path.substr(1);
}

// "key =" with nothing after it counts as unset, so that an empty value in the credentials file does not hide
// the config file's.
IniProperties values_of(const IniSection& section) {
  IniProperties values;
  for (const auto& [key, property] : section.properties) {
    if (!property.value.empty()) values.emplace(key, property.value);
  }
  return values;
}

// "profile prod" → "prod". botocore splits headers with shlex, so a quoted name may hold blanks; a header
// that does not split into exactly the kind and one name is not a section of that kind.
std::optional<std::string> name_after(std::string_view header, std::string_view kind) {
  if (!header.starts_with(kind)) return std::nullopt;
  const auto words = split_shell_words(header);
  if (!words || words->size() != 2 || (*words)[0] != kind) return std::nullopt;
  return (*words)[1];
}

common::Expected<std::string, std::string> read_optional_file(const std::string& path) {
  auto text = read_file_text(path);
  if (text) return *std::move(text);
  if (text.error().missing) return std::string();
  return common::Unexpected{text.error().message};
}

}  // namespace

SharedConfigPaths shared_config_paths(const common::Environment& environment) {
  return SharedConfigPaths{
      expand_home(common::non_empty(environment, "AWS_CONFIG_FILE").value_or("~/.aws/config"), environment),
      expand_home(common::non_empty(environment, "AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"),
                  environment)};
}

common::Expected<SharedConfigFiles, std::string> SharedConfigFiles::load(const common::Environment& environment) {
  return load(shared_config_paths(environment));
}

common::Expected<SharedConfigFiles, std::string> SharedConfigFiles::load(const SharedConfigPaths& paths) {
  auto config_text = read_optional_file(paths.config_file);
  if (!config_text) return common::Unexpected{config_text.error()};
  auto credentials_text = read_optional_file(paths.credentials_file);
  if (!credentials_text) return common::Unexpected{credentials_text.error()};
  return parse(paths, *config_text, *credentials_text);
}

common::Expected<SharedConfigFiles, std::string> SharedConfigFiles::parse(const SharedConfigPaths& paths,
                                                                          std::string_view config_text,
                                                                          std::string_view credentials_text) {
  auto config = parse_ini(config_text, paths.config_file);
  if (!config) return common::Unexpected{config.error()};
  auto credentials = parse_ini(credentials_text, paths.credentials_file);
  if (!credentials) return common::Unexpected{credentials.error()};

  SharedConfigFiles files;
  files.paths_ = paths;
  // Later sections replace earlier ones of the same name, as botocore's profile map does with "[default]"
  // and "[profile default]".
  for (const IniSection& section : *config) {
    if (section.header == "default") {
      files.config_profiles_[section.header] = values_of(section);
    } else if (auto profile = name_after(section.header, "profile")) {
      files.config_profiles_[*profile] = values_of(section);
    } else if (auto session = name_after(section.header, "sso-session")) {
      files.sso_sessions_[*session] = values_of(section);
    } else if (auto services = name_after(section.header, "services")) {
      ServiceBlocks& blocks = files.services_[*services];
      for (const auto& [service, property] : section.properties) blocks[service] = property.sub_properties;
    } else {
      files.other_config_sections_.insert(section.header);
    }
  }
  for (const IniSection& section : *credentials) files.credentials_profiles_[section.header] = values_of(section);
  return files;
}

bool SharedConfigFiles::has_profile(std::string_view profile) const {
  return config_profiles_.contains(profile) || credentials_profiles_.contains(profile);
}

std::optional<IniProperties> SharedConfigFiles::profile(std::string_view profile) const {
  if (!has_profile(profile)) return std::nullopt;
  IniProperties merged;
  if (const auto* credentials = credentials_file_profile(profile)) merged = *credentials;
  // insert() keeps what the credentials file already set.
  if (const auto* config = config_file_profile(profile)) merged.insert(config->begin(), config->end());
  return merged;
}

const IniProperties* SharedConfigFiles::config_file_profile(std::string_view profile) const {
  const auto found = config_profiles_.find(profile);
  return found == config_profiles_.end() ? nullptr : &found->second;
}

const IniProperties* SharedConfigFiles::credentials_file_profile(std::string_view profile) const {
  const auto found = credentials_profiles_.find(profile);
  return found == credentials_profiles_.end() ? nullptr : &found->second;
}

std::optional<std::string> SharedConfigFiles::profile_value(std::string_view profile, std::string_view key) const {
  for (const auto* section : {credentials_file_profile(profile), config_file_profile(profile)}) {
    if (section == nullptr) continue;
    const auto found = section->find(key);
    if (found != section->end()) return found->second;
  }
  return std::nullopt;
}

std::optional<std::string> SharedConfigFiles::profile_region(std::string_view profile) const {
  return profile_value(profile, "region");
}

std::optional<std::string> SharedConfigFiles::profile_endpoint_url(std::string_view profile,
                                                                   std::string_view service) const {
  if (const auto services_name = profile_value(profile, "services")) {
    const auto blocks = services_.find(*services_name);
    if (blocks != services_.end()) {
      const auto block = blocks->second.find(common::to_lower_ascii(service));
      if (block != blocks->second.end()) {
        const auto url = block->second.find("endpoint_url");
        if (url != block->second.end() && !url->second.empty()) return url->second;
      }
    }
  }
  return profile_value(profile, "endpoint_url");
}

const IniProperties* SharedConfigFiles::sso_session(std::string_view name) const {
  const auto found = sso_sessions_.find(name);
  return found == sso_sessions_.end() ? nullptr : &found->second;
}

bool SharedConfigFiles::config_file_has_unprefixed_section(std::string_view name) const {
  return other_config_sections_.contains(name);
}

}  // namespace rds_exporter::aws
