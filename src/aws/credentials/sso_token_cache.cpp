#include "aws/credentials/sso_token_cache.h"

#include "aws/credentials/credential_time.h"
#include "aws/credentials/file_text.h"
#include "aws/protocol/json_reader.h"
#include "aws/protocol/response_reading.h"
#include "aws/sigv4/crypto.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace rds_exporter::aws {

std::string sha1_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-1 failed");
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string sso_token_cache_file(std::string_view home, std::string_view cache_key) {
  return fmt::format("{}/.aws/sso/cache/{}.json", home, sha1_hex(cache_key));
}

common::Expected<SsoToken, SsoTokenProblem> read_sso_token(const std::string& path) {
  const auto text = read_file_text(path);
  if (!text) return common::Unexpected{SsoTokenProblem{text.error().missing, text.error().message}};
  return parse_sso_token(*text, path);
}

common::Expected<SsoToken, SsoTokenProblem> parse_sso_token(std::string_view text, std::string_view path) {
  const auto document = parse_json_document(text);
  if (!document) {
    return common::Unexpected{
        SsoTokenProblem{false, fmt::format("SSO token cache file {}: its content is {}", path, document.error())}};
  }
  try {
    const JsonElement root(*document, "");
    SsoToken token;
    token.access_token = root.required_string("accessToken");
    const std::string expires_at = root.required_string("expiresAt");
    const auto time = parse_credential_time(expires_at);
    if (!time) {
      return common::Unexpected{
          SsoTokenProblem{false, fmt::format("SSO token cache file {}: expiresAt is not an RFC 3339 time", path)}};
    }
    token.expires_at = *time;
    return token;
  } catch (const MalformedResponseError& error) {
    return common::Unexpected{SsoTokenProblem{false, fmt::format("SSO token cache file {}: {}", path, error.what())}};
  }
}

}  // namespace rds_exporter::aws
