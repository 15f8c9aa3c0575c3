#include "sim/sts/role_session_request.h"

#include "sim/sts/sts_errors.h"

#include <algorithm>
#include <charconv>

namespace rds_exporter::sim {
namespace {

constexpr long long kMinDurationSeconds = 900;
constexpr long long kMaxDurationSeconds = 43200;

bool is_word_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// "arn:aws:iam::<12 digits>:role/<path and name>"
bool is_role_arn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!arn.starts_with(kPrefix) || arn.size() < kPrefix.size() + 12) return false;
  const std::string_view account = arn.substr(kPrefix.size(), 12);
  if (!std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const std::string_view rest = arn.substr(kPrefix.size() + 12);
  return rest.starts_with(":role/") && rest.size() > 6;
}

std::optional<ApiError> length_problem(std::string_view member, const std::string& value, std::size_t min,
                                       std::size_t max) {
  if (value.size() < min) {
    return validation_error(member, &value, "Member must have length greater than or equal to " + std::to_string(min));
  }
  if (value.size() > max) {
    return validation_error(member, &value, "Member must have length less than or equal to " + std::to_string(max));
  }
  return std::nullopt;
}

std::variant<std::chrono::seconds, ApiError> duration(const std::string* text) {
  if (text == nullptr) return std::chrono::seconds{3600};
  long long seconds = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (error != std::errc{} || end != text->data() + text->size()) {
    return validation_error("durationSeconds", text, "Member must be a whole number");
  }
  if (seconds < kMinDurationSeconds) {
    return validation_error("durationSeconds", text, "Member must have value greater than or equal to 900");
  }
  if (seconds > kMaxDurationSeconds) {
    return validation_error("durationSeconds", text, "Member must have value less than or equal to 43200");
  }
  return std::chrono::seconds{seconds};
}

}  // namespace

std::variant<RoleSessionRequest, ApiError> read_role_session_request(const QueryParameters& params,
                                                                     const Fleet& fleet) {
  RoleSessionRequest request;
  const std::string* role_arn = params.find("RoleArn");
  if (role_arn == nullptr) return validation_error("roleArn", nullptr, "Member must not be null");
  if (auto problem = length_problem("roleArn", *role_arn, 20, 2048)) return *problem;
  if (!is_role_arn(*role_arn)) return invalid_role_arn();
  request.role_arn = *role_arn;
  request.role = fleet.credential_sources().find_role_by_arn(*role_arn);

  const std::string* session_name = params.find("RoleSessionName");
  if (session_name == nullptr) return validation_error("roleSessionName", nullptr, "Member must not be null");
  if (auto problem = length_problem("roleSessionName", *session_name, 2, 64)) return *problem;
  if (!std::all_of(session_name->begin(), session_name->end(), [](char c) {
        return is_word_character(c) || std::string_view("+=,.@-").find(c) != std::string_view::npos;
      })) {
    return validation_error("roleSessionName", session_name,
                            "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  request.session_name = *session_name;

  auto seconds = duration(params.find("DurationSeconds"));
  if (auto* error = std::get_if<ApiError>(&seconds)) return std::move(*error);
  request.duration = std::get<std::chrono::seconds>(seconds);
  return request;
}

std::optional<ApiError> check_session_duration(const RoleSessionRequest& request) {
  if (request.role != nullptr && request.duration > request.role->max_session_duration) {
    return duration_exceeds_role_maximum();
  }
  return std::nullopt;
}

}  // namespace rds_exporter::sim
