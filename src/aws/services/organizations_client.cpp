#include "aws/services/organizations_client.h"

#include "aws/protocol/json_protocol.h"


namespace rds_exporter::aws {

OrganizationsClient::OrganizationsClient(ServiceClient client) : client_(std::move(client)) {}

common::Expected<std::vector<OrganizationAccount>, AwsError> OrganizationsClient::list_accounts() const {
  return all_pages(
      "ListAccounts",
      [&](const std::optional<std::string>& next_token) {
        return client_.call_and_parse("ListAccounts", list_accounts_request(next_token), decode_json_error,
                                      parse_list_accounts);
      },
      [](ListAccountsPage& page) -> std::vector<OrganizationAccount>& { return page.accounts; });
}

}  // namespace rds_exporter::aws
