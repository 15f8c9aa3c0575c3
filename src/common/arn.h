#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rds_exporter::common {

// Any ARN's six fields: arn:<partition>:<service>:<region>:<account>:<resource>. The resource is the rest of
// the text, colons included ("db:orders" in arn:aws:rds:eu-west-1:123456789012:db:orders).
struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account_id;
  std::string resource;
};

// nullopt for text that is not an ARN: fewer fields, an empty partition, service or resource, or an account
// that is neither empty (S3, IAM's global resources) nor 12 digits. The region may be empty (IAM).
std::optional<Arn> parse_arn(std::string_view text);

// Twelve digits, as AWS writes an account ID.
bool is_account_id(std::string_view text);

}  // namespace rds_exporter::common
