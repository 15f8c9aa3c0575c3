#include "aws/credentials/credentials_chain.h"

#include "aws/credentials/access_key_mask.h"
#include "logging/log_setup.h"

#include <fmt/format.h>

#include <utility>

namespace rds_exporter::aws {
namespace {

CredentialsProblem failed_at(const ChainLink& link, const CredentialsProblem& problem) {
  const auto kind = failed_unless_cancelled(problem.kind == CredentialsProblem::Kind::cancelled);
  return CredentialsProblem{kind, fmt::format("{}: {}", link.label, problem.message)};
}

}  // namespace

CredentialsChain::CredentialsChain(std::vector<ChainLink> links) : links_(std::move(links)) {}

CredentialsResult CredentialsChain::credentials() {
  const auto log = logging::logger("credentials");
  if (const int chosen = chosen_.load(); chosen >= 0) {
    auto result = links_[chosen].provider->credentials();
    if (!result) return common::Unexpected{failed_at(links_[chosen], result.error())};
    return result;
  }
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const ChainLink& link = links_[i];
    auto result = link.provider->credentials();
    if (result) {
      chosen_.store(static_cast<int>(i));
      log->debug("using AWS credentials from {} (access key {})", link.label,
                 mask_access_key_id(result->access_key_id));
      return result;
    }
    if (result.error().kind != CredentialsProblem::Kind::absent)
      return common::Unexpected{failed_at(link, result.error())};
    log->debug("no AWS credentials from {}: {}", link.label, result.error().message);
    reasons.push_back(fmt::format("{}: {}", link.label, result.error().message));
  }
  return common::Unexpected{CredentialsProblem{CredentialsProblem::Kind::absent,
                                               fmt::format("no AWS credentials found: {}", fmt::join(reasons, "; "))}};
}

void CredentialsChain::invalidate() {
  if (const int chosen = chosen_.load(); chosen >= 0) links_[chosen].provider->invalidate();
}

std::string_view CredentialsChain::name() const {
  const int chosen = chosen_.load();
  return chosen >= 0 ? links_[chosen].provider->name() : std::string_view("chain");
}

}  // namespace rds_exporter::aws
