#include "sim/credentials/identity_ids.h"

#include "aws/sigv4/crypto.h"

namespace rds_exporter::sim {
namespace {

constexpr std::string_view kIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string unique_id(std::string_view prefix, std::string_view arn) {
  const std::string digest = aws::sha256(arn);
  std::string out(prefix);
  for (std::size_t i = 0; i < 17; ++i) out += kIdAlphabet[static_cast<unsigned char>(digest[i]) % kIdAlphabet.size()];
  return out;
}

}  // namespace

std::string assumed_role_arn(std::string_view account_id, std::string_view role_name, std::string_view session_name) {
  std::string arn = "arn:aws:sts::";
  arn.append(account_id).append(":assumed-role/").append(role_name).append("/").append(session_name);
  return arn;
}

std::string role_id(std::string_view role_arn) { return unique_id("AROA", role_arn); }

std::string caller_user_id(std::string_view arn) {
  constexpr std::string_view kStsPrefix = "arn:aws:sts::";
  constexpr std::string_view kAssumedRole = ":assumed-role/";
  const std::size_t marker = arn.find(kAssumedRole);
  const std::size_t session = arn.rfind('/');
  if (!arn.starts_with(kStsPrefix) || marker == std::string_view::npos ||
      session <= marker + kAssumedRole.size()) {
    return unique_id("AIDA", arn);
  }
  const std::string_view account = arn.substr(kStsPrefix.size(), marker - kStsPrefix.size());
  const std::string_view role = arn.substr(marker + kAssumedRole.size(), session - marker - kAssumedRole.size());
  std::string role_arn = "arn:aws:iam::";
  role_arn.append(account).append(":role/").append(role);
  return role_id(role_arn) + ":" + std::string(arn.substr(session + 1));
}

}  // namespace rds_exporter::sim
