#include "sim/organizations/list_accounts.h"

#include "sim/auth/authorizer.h"
#include "sim/protocol/base64.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace rds_exporter::sim::organizations {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kAction = "organizations:ListAccounts";
// The API model's bounds of MaxResults; the default is the simulator's choice (AWS: "specific to the operation").
constexpr long long kMaxResults = 20;
constexpr std::string_view kTokenPrefix = "rdssim-accounts:";

ApiError invalid_input(std::string message) { return ApiError{400, "InvalidInputException", std::move(message)}; }

ApiError serialization_problem(std::string_view member, std::string_view what) {
  return ApiError{400, "SerializationException",
                  "Unable to parse " + std::string(member) + ": expected " + std::string(what)};
}

// "rdssim-accounts:<organization id>:<position>", base64: a token is good for the organization it was issued for.
std::string next_token(const Organization& organization, std::size_t position) {
  return base64_encode(std::string(kTokenPrefix) + organization.id + ":" + std::to_string(position));
}

std::optional<std::size_t> token_position(const Organization& organization, const std::string& token) {
  const auto text = base64_decode(token);
  const std::string expected = std::string(kTokenPrefix) + organization.id + ":";
  if (!text || !text->starts_with(expected)) return std::nullopt;
  std::size_t position = 0;
  const char* begin = text->data() + expected.size();
  const char* end = text->data() + text->size();
  const auto [stop, error] = std::from_chars(begin, end, position);
  if (begin == end || error != std::errc{} || stop != end || position > organization.accounts.size()) {
    return std::nullopt;
  }
  return position;
}

Json account_json(const Organization& organization, const OrganizationAccount& account) {
  return {{"Id", account.id},
          {"Arn", "arn:aws:organizations::" + organization.management_account_id + ":account/" + organization.id + "/" +
                      account.id},
          {"Email", account.email},
          {"Name", account.name},
          {"Status", account.status},
          {"JoinedMethod", account.joined_method},
          // AWS JSON 1.1 sends timestamps as epoch seconds.
          {"JoinedTimestamp", account.joined.time_since_epoch().count()}};
}

}  // namespace

std::optional<ApiError> ListAccounts::deny(const JsonCall& call) const {
  const auto& organization = call.fleet.organization();
  const bool member = organization && std::any_of(organization->accounts.begin(), organization->accounts.end(),
                                                  [&](const OrganizationAccount& a) { return a.id == call.caller.account_id; });
  if (!member) {
    return ApiError{400, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization."};
  }
  if (call.caller.account_id != organization->management_account_id) {
    // Only the management account (or a delegated administrator, which the simulator has none of) may list.
    return ApiError{400, "AccessDeniedException", "You don't have permissions to access this resource."};
  }
  if (auto denied = authorize(call.caller, kAction, "*")) {
    denied->http_status = 400;
    return denied;
  }
  return std::nullopt;
}

OperationOutcome ListAccounts::invoke(const JsonCall& call) const {
  const Organization& organization = *call.fleet.organization();
  const Json body = call.body.empty() ? Json::object() : Json::parse(call.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return serialization_problem("the request body", "a JSON object");
  long long max_results = kMaxResults;
  if (const auto it = body.find("MaxResults"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) return serialization_problem("MaxResults", "an integer");
    max_results = it->get<long long>();
    if (max_results < 1 || max_results > kMaxResults) {
      return invalid_input("You provided a value for MaxResults that is outside the range 1 to 20.");
    }
  }
  std::size_t position = 0;
  if (const auto it = body.find("NextToken"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return serialization_problem("NextToken", "a string");
    const auto found = token_position(organization, it->get<std::string>());
    if (!found) return invalid_input("The NextToken value is not valid.");
    position = *found;
  }
  Json accounts = Json::array();
  const std::size_t end = std::min(organization.accounts.size(), position + static_cast<std::size_t>(max_results));
  for (std::size_t i = position; i < end; ++i) accounts.push_back(account_json(organization, organization.accounts[i]));
  Json answer = {{"Accounts", std::move(accounts)}};
  if (end < organization.accounts.size()) answer["NextToken"] = next_token(organization, end);
  return answer.dump();
}

}  // namespace rds_exporter::sim::organizations
