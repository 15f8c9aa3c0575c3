#pragma once

#include "common/expected.h"

#include <chrono>
#include <string>
#include <string_view>

namespace rds_exporter::aws {

// Lowercase hex SHA-1: the AWS CLI names token cache files by the SHA-1 of the sso-session name or, for
// profiles of the legacy form, of the start URL.
std::string sha1_hex(std::string_view data);

// "<home>/.aws/sso/cache/<sha1_hex(cache_key)>.json", where `aws sso login` leaves the token.
std::string sso_token_cache_file(std::string_view home, std::string_view cache_key);

struct SsoToken {
  // A secret: never logged.
  std::string access_token;
  std::chrono::system_clock::time_point expires_at;
};

struct SsoTokenProblem {
  // No cache file: the user has not logged in (or the login went elsewhere).
  bool missing = false;
  // Names the file, never its content.
  std::string message;
};

// Reads accessToken and expiresAt (RFC 3339, or the "...UTC" form older CLIs wrote) from a cache file.
common::Expected<SsoToken, SsoTokenProblem> read_sso_token(const std::string& path);

// The same for a cache file's content already read; `path` only names the file in messages.
common::Expected<SsoToken, SsoTokenProblem> parse_sso_token(std::string_view text, std::string_view path);

}  // namespace rds_exporter::aws
