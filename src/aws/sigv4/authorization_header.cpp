#include "aws/sigv4/authorization_header.h"

#include "aws/sigv4/canonical_request.h"
#include "aws/sigv4/signature.h"
#include "common/text.h"

#include <algorithm>
#include <optional>

namespace rds_exporter::aws {
namespace {

bool is_lower_hex_signature(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::variant<std::vector<std::string>, std::string> parse_signed_headers(std::string_view text) {
  std::vector<std::string> names;
  for (const auto name : common::split(text, ';')) {
    if (name.empty()) return std::string("SignedHeaders has an empty header name");
    names.push_back(common::to_lower_ascii(name));
  }
  return names;
}

}  // namespace

std::string format_authorization_header(const AuthorizationHeader& header) {
  std::string out(kSigningAlgorithm);
  out += " Credential=" + header.credential.to_string();
  out += ", SignedHeaders=" + signed_headers_list(header.signed_headers);
  out += ", Signature=" + header.signature;
  return out;
}

std::variant<AuthorizationHeader, std::string> parse_authorization_header(std::string_view value) {
  value = common::trim(value);
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos || value.substr(0, space) != kSigningAlgorithm) {
    return std::string("Authorization must start with ") + std::string(kSigningAlgorithm);
  }
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
  for (const auto part : common::split(value.substr(space + 1), ',')) {
    const std::string_view component = common::trim(part);
    const std::size_t equals = component.find('=');
    if (equals == std::string_view::npos) return std::string("Authorization component without '='");
    const std::string_view name = component.substr(0, equals);
    std::optional<std::string_view>* slot = name == "Credential"      ? &credential
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (slot == nullptr) return "unknown Authorization component '" + std::string(name) + "'";
    if (slot->has_value()) return "repeated Authorization component '" + std::string(name) + "'";
    *slot = component.substr(equals + 1);
  }
  if (!credential || !signed_headers || !signature) {
    return std::string("Authorization needs Credential, SignedHeaders and Signature");
  }
  auto parsed_credential = parse_signing_credential(*credential);
  if (auto* error = std::get_if<std::string>(&parsed_credential)) return std::move(*error);
  auto parsed_headers = parse_signed_headers(*signed_headers);
  if (auto* error = std::get_if<std::string>(&parsed_headers)) return std::move(*error);
  if (!is_lower_hex_signature(*signature)) return std::string("Signature must be 64 lowercase hex characters");
  return AuthorizationHeader{std::get<SigningCredential>(std::move(parsed_credential)),
                             std::get<std::vector<std::string>>(std::move(parsed_headers)), std::string(*signature)};
}

}  // namespace rds_exporter::aws
