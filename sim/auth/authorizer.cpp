#include "sim/auth/authorizer.h"

#include "sim/protocol/common_errors.h"

#include <algorithm>

namespace rds_exporter::sim {
namespace {

bool same_letter(char a, char b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return lower(a) == lower(b);
}

// Glob matching with '*' only, as IAM action patterns use it.
bool matches(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip) {
      if (matches(pattern.substr(1), text.substr(skip))) return true;
    }
    return false;
  }
  return !text.empty() && same_letter(pattern.front(), text.front()) && matches(pattern.substr(1), text.substr(1));
}

}  // namespace

bool is_allowed(const Principal& principal, std::string_view action) {
  return std::any_of(principal.allowed_actions.begin(), principal.allowed_actions.end(),
                     [&](const std::string& pattern) { return matches(pattern, action); });
}

std::optional<ApiError> authorize(const Principal& principal, std::string_view action, std::string_view resource) {
  if (is_allowed(principal, action)) return std::nullopt;
  return access_denied(principal.arn, action, resource);
}

}  // namespace rds_exporter::sim
