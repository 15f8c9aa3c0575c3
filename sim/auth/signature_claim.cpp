#include "sim/auth/signature_claim.h"

#include "aws/sigv4/authorization_header.h"
#include "aws/sigv4/signature.h"
#include "common/text.h"
#include "sim/protocol/common_errors.h"

#include <charconv>

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kPresignedParameters[] = {"X-Amz-Algorithm", "X-Amz-Credential",    "X-Amz-Signature",
                                                     "X-Amz-Date",      "X-Amz-SignedHeaders", "X-Amz-Expires"};
constexpr long long kMaxPresignedExpiry = 7 * 24 * 3600;

SignatureReading read_header_signature(const common::HttpRequest& request, const std::string& authorization) {
  auto parsed = aws::parse_authorization_header(authorization);
  if (const auto* reason = std::get_if<std::string>(&parsed)) {
    return incomplete_signature("Authorization header is malformed: " + *reason);
  }
  auto& header = std::get<aws::AuthorizationHeader>(parsed);
  const std::string* date = find_header(request.headers, "X-Amz-Date");
  if (date == nullptr) {
    return incomplete_signature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const std::string* token = find_header(request.headers, "X-Amz-Security-Token");
  return SignatureClaim{std::move(header.credential),   std::move(header.signed_headers),
                        std::move(header.signature),    *date,
                        token != nullptr ? *token : "", std::nullopt};
}

SignatureReading read_presigned_signature(const common::HttpRequest& request) {
  for (const auto name : kPresignedParameters) {
    if (find_query(request.query, name) == nullptr) {
      return incomplete_signature(
          "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', "
          "'X-Amz-Date', 'X-Amz-SignedHeaders', and 'X-Amz-Expires'. Re-examine the query-string parameters.");
    }
  }
  if (*find_query(request.query, "X-Amz-Algorithm") != aws::kSigningAlgorithm) {
    return incomplete_signature("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  auto credential = aws::parse_signing_credential(*find_query(request.query, "X-Amz-Credential"));
  if (const auto* reason = std::get_if<std::string>(&credential)) {
    return incomplete_signature("X-Amz-Credential is malformed: " + *reason);
  }
  const std::string& expires_text = *find_query(request.query, "X-Amz-Expires");
  long long expires = 0;
  const auto [end, error] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
  if (error != std::errc{} || end != expires_text.data() + expires_text.size() || expires < 1 ||
      expires > kMaxPresignedExpiry) {
    return incomplete_signature("X-Amz-Expires must be a number of seconds from 1 to 604800");
  }
  std::vector<std::string> signed_headers;
  for (const auto name : common::split(*find_query(request.query, "X-Amz-SignedHeaders"), ';')) {
    signed_headers.push_back(common::to_lower_ascii(name));
  }
  const std::string* token = find_query(request.query, "X-Amz-Security-Token");
  return SignatureClaim{std::get<aws::SigningCredential>(std::move(credential)),
                        std::move(signed_headers),
                        *find_query(request.query, "X-Amz-Signature"),
                        *find_query(request.query, "X-Amz-Date"),
                        token != nullptr ? *token : "",
                        std::chrono::seconds{expires}};
}

}  // namespace

SignatureReading read_signature_claim(const common::HttpRequest& request) {
  const std::string* authorization = find_header(request.headers, "Authorization");
  const bool presigned = find_query(request.query, "X-Amz-Signature") != nullptr ||
                         find_query(request.query, "X-Amz-Algorithm") != nullptr;
  if (authorization != nullptr && presigned) {
    return incomplete_signature(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header "
        "should be specified");
  }
  if (authorization != nullptr) return read_header_signature(request, *authorization);
  if (presigned) return read_presigned_signature(request);
  return NoSignature{};
}

}  // namespace rds_exporter::sim
