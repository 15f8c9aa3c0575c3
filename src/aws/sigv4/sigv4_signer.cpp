#include "aws/sigv4/sigv4_signer.h"

#include "aws/sigv4/authorization_header.h"
#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/crypto.h"
#include "aws/sigv4/signature.h"
#include "common/text.h"
#include "common/time_text.h"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

namespace rds_exporter::aws {
namespace {

constexpr std::string_view kDateName = "X-Amz-Date";
constexpr std::string_view kSecurityTokenName = "X-Amz-Security-Token";
constexpr std::string_view kContentSha256Header = "x-amz-content-sha256";
constexpr std::string_view kAuthorizationHeader = "Authorization";
constexpr std::string_view kAlgorithmParam = "X-Amz-Algorithm";
constexpr std::string_view kCredentialParam = "X-Amz-Credential";
constexpr std::string_view kExpiresParam = "X-Amz-Expires";
constexpr std::string_view kSignedHeadersParam = "X-Amz-SignedHeaders";
constexpr std::string_view kSignatureParam = "X-Amz-Signature";
constexpr std::chrono::seconds kMaxExpires = std::chrono::hours{24 * 7};

void remove_named(std::vector<std::pair<std::string, std::string>>& fields,
                  std::initializer_list<std::string_view> names) {
  std::erase_if(fields, [&](const auto& field) {
    return std::any_of(names.begin(), names.end(),
                       [&](std::string_view name) { return common::equals_ignore_case_ascii(field.first, name); });
  });
}

void require_host(const common::HttpRequest& request) {
  const bool has_host = std::any_of(request.headers.begin(), request.headers.end(), [](const auto& header) {
    return common::equals_ignore_case_ascii(header.first, "host");
  });
  if (!has_host) throw std::invalid_argument("a SigV4 request must have a Host header");
}

std::string payload_hash_of(const common::HttpRequest& request, const SigningParams& params) {
  if (params.payload == PayloadHash::unsigned_payload) return std::string(kUnsignedPayload);
  return params.body_sha256 ? *params.body_sha256 : sha256_hex(request.body);
}

CredentialScope scope_of(const SigningParams& params) {
  return CredentialScope{common::date_stamp(params.time), params.region, params.service};
}

}  // namespace

SigningResult SigV4Signer::sign(common::HttpRequest& request, const Credentials& credentials,
                                const SigningParams& params) const {
  require_host(request);
  remove_named(request.headers, {kDateName, kSecurityTokenName, kContentSha256Header, kAuthorizationHeader});
  const std::string hash = payload_hash_of(request, params);
  request.headers.emplace_back(kDateName, common::amz_date(params.time));
  const bool has_token = !credentials.session_token.empty();
  if (has_token && params.sign_session_token) {
    request.headers.emplace_back(kSecurityTokenName, credentials.session_token);
  }
  if (params.content_sha256_header) request.headers.emplace_back(kContentSha256Header, hash);

  const std::vector<std::string> signed_headers = signable_header_names(request.headers);
  SigningResult result = sign_canonical(request, credentials, params, signed_headers, hash);

  const AuthorizationHeader authorization{SigningCredential{credentials.access_key_id, scope_of(params)},
                                          signed_headers, result.signature};
  request.headers.emplace_back(kAuthorizationHeader, format_authorization_header(authorization));
  if (has_token && !params.sign_session_token) {
    request.headers.emplace_back(kSecurityTokenName, credentials.session_token);
  }
  return result;
}

SigningResult SigV4Signer::presign(common::HttpRequest& request, const Credentials& credentials,
                                   const SigningParams& params, std::chrono::seconds expires) const {
  require_host(request);
  if (expires < std::chrono::seconds{1} || expires > kMaxExpires) {
    throw std::invalid_argument("presigned URL expiry must be between 1 second and 7 days");
  }
  remove_named(request.query, {kAlgorithmParam, kCredentialParam, kDateName, kExpiresParam, kSignedHeadersParam,
                               kSecurityTokenName, kSignatureParam});
  const std::vector<std::string> signed_headers = signable_header_names(request.headers);
  request.query.emplace_back(kAlgorithmParam, kSigningAlgorithm);
  request.query.emplace_back(kCredentialParam,
                             SigningCredential{credentials.access_key_id, scope_of(params)}.to_string());
  request.query.emplace_back(kDateName, common::amz_date(params.time));
  request.query.emplace_back(kExpiresParam, std::to_string(expires.count()));
  request.query.emplace_back(kSignedHeadersParam, signed_headers_list(signed_headers));
  const bool has_token = !credentials.session_token.empty();
  if (has_token && params.sign_session_token) request.query.emplace_back(kSecurityTokenName, credentials.session_token);

  SigningResult result = sign_canonical(request, credentials, params, signed_headers, payload_hash_of(request, params));

  request.query.emplace_back(kSignatureParam, result.signature);
  if (has_token && !params.sign_session_token) {
    request.query.emplace_back(kSecurityTokenName, credentials.session_token);
  }
  return result;
}

SigningResult SigV4Signer::sign_canonical(const common::HttpRequest& request, const Credentials& credentials,
                                          const SigningParams& params, const std::vector<std::string>& signed_headers,
                                          const std::string& payload_hash) const {
  const CredentialScope scope = scope_of(params);
  SigningResult result;
  result.canonical_request = canonical_request(request, signed_headers, payload_hash, params.normalize_path);
  result.string_to_sign = string_to_sign(common::amz_date(params.time), scope, result.canonical_request);
  result.signature = signature_hex(keys_.signing_key(credentials.secret_access_key, scope), result.string_to_sign);
  return result;
}

}  // namespace rds_exporter::aws
