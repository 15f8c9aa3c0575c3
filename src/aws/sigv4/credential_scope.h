#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace rds_exporter::aws {

// What a signature is valid for: one day, one region, one service.
struct CredentialScope {
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;

  // "20150830/us-east-1/service/aws4_request"
  std::string to_string() const;

  bool operator==(const CredentialScope&) const = default;
};

// "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request": the Credential part of an Authorization header and
// the X-Amz-Credential parameter of a presigned URL.
struct SigningCredential {
  std::string access_key_id;
  CredentialScope scope;

  std::string to_string() const;

  bool operator==(const SigningCredential&) const = default;
};

// Parses a SigningCredential strictly (five non-empty parts, an 8-digit date, the aws4_request terminator);
// on failure returns a message saying what was wrong.
std::variant<SigningCredential, std::string> parse_signing_credential(std::string_view text);

}  // namespace rds_exporter::aws
