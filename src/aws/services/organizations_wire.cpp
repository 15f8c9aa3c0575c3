#include "aws/services/organizations_wire.h"

#include "aws/protocol/json_protocol.h"

namespace rds_exporter::aws {
namespace {

JsonProtocol organizations_protocol() {
  return {.json_version = "1.1", .target_prefix = "AWSOrganizationsV20161128"};
}

}  // namespace

common::HttpRequest list_accounts_request(const std::optional<std::string>& next_token) {
  nlohmann::json body = {{"MaxResults", kListAccountsPageSize}};
  if (next_token) body["NextToken"] = *next_token;
  return make_json_request(organizations_protocol(), "ListAccounts", body);
}

common::Expected<ListAccountsPage, AwsError> parse_list_accounts(const common::HttpResponse& response) {
  return read_json_result<ListAccountsPage>(response, "ListAccounts", [](const JsonElement& output) {
    ListAccountsPage page;
    for (const auto& account : output.optional_array("Accounts")) {
      page.accounts.push_back(OrganizationAccount{.id = account.required_string("Id"),
                                                  .arn = account.optional_string("Arn").value_or(""),
                                                  .name = account.optional_string("Name").value_or(""),
                                                  .status = account.optional_string("Status").value_or("")});
    }
    page.next_token = next_token_of(output);
    return page;
  });
}

}  // namespace rds_exporter::aws
