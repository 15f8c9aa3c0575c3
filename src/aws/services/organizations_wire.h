#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/transport/http_transport.h"
#include "common/expected.h"
#include "common/http_message.h"

#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::aws {

// AWS Organizations (service "organizations") over AWS JSON 1.1: pure functions, no I/O. Organizations has one
// endpoint per partition (organizations.us-east-1.amazonaws.com for aws), signed for that region.

// Where ListAccounts pages hold at most this many accounts (the API's maximum MaxResults).
inline constexpr int kListAccountsPageSize = 20;

struct OrganizationAccount {
  std::string id;
  std::string arn;
  std::string name;
  // ACTIVE, SUSPENDED or PENDING_CLOSURE.
  std::string status;
};

struct ListAccountsPage {
  std::vector<OrganizationAccount> accounts;
  std::optional<std::string> next_token;
};

common::HttpRequest list_accounts_request(const std::optional<std::string>& next_token);
common::Expected<ListAccountsPage, AwsError> parse_list_accounts(const common::HttpResponse& response);

}  // namespace rds_exporter::aws
