#include "aws/sigv4/signature.h"

#include "aws/sigv4/crypto.h"

namespace rds_exporter::aws {

std::string string_to_sign(std::string_view amz_date, const CredentialScope& scope,
                           std::string_view canonical_request) {
  std::string out(kSigningAlgorithm);
  out += '\n';
  out += amz_date;
  out += '\n';
  out += scope.to_string();
  out += '\n';
  out += sha256_hex(canonical_request);
  return out;
}

std::string derive_signing_key(std::string_view secret_access_key, const CredentialScope& scope) {
  const std::string date_key = hmac_sha256("AWS4" + std::string(secret_access_key), scope.date);
  const std::string region_key = hmac_sha256(date_key, scope.region);
  const std::string service_key = hmac_sha256(region_key, scope.service);
  return hmac_sha256(service_key, "aws4_request");
}

std::string signature_hex(std::string_view signing_key, std::string_view string_to_sign) {
  return hex_encode(hmac_sha256(signing_key, string_to_sign));
}

}  // namespace rds_exporter::aws
