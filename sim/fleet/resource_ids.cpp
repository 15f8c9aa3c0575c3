#include "sim/fleet/resource_ids.h"

#include "aws/sigv4/crypto.h"

namespace rds_exporter::sim {
namespace {

// Base32 keeps the mapping from digest bytes unbiased; RDS ids look the same (upper case and digits).
constexpr std::string_view kUpperAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kLowerAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

// `prefix` followed by `count` characters of `alphabet` drawn from a digest of what the id identifies.
std::string derived_id(std::string_view prefix, std::string_view purpose, std::string_view account_id,
                       std::string_view region, std::string_view identifier, std::size_t count,
                       std::string_view alphabet) {
  std::string input;
  input.append(purpose).append("/").append(account_id).append("/").append(region).append("/").append(identifier);
  const std::string digest = aws::sha256(input);
  std::string out(prefix);
  for (std::size_t i = 0; i < count; ++i) out += alphabet[static_cast<unsigned char>(digest[i]) % alphabet.size()];
  return out;
}

}  // namespace

std::string hosted_zone_id(std::string_view region) {
  return derived_id("Z", "zone", "", region, "", 13, kUpperAlphabet);
}

std::string dbi_resource_id(std::string_view account_id, std::string_view region, std::string_view identifier) {
  return derived_id("db-", "db", account_id, region, identifier, 26, kUpperAlphabet);
}

std::string cluster_resource_id(std::string_view account_id, std::string_view region, std::string_view identifier) {
  return derived_id("cluster-", "cluster", account_id, region, identifier, 26, kUpperAlphabet);
}

std::string endpoint_account_part(std::string_view account_id, std::string_view region) {
  return derived_id("", "endpoint", account_id, region, "", 12, kLowerAlphabet);
}

}  // namespace rds_exporter::sim
