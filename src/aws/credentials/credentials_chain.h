#pragma once

#include "aws/credentials/credentials_provider.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace rds_exporter::aws {

struct ChainLink {
  // How messages name the source: "environment", "profile \"prod\"", "instance metadata".
  std::string label;
  std::shared_ptr<CredentialsProvider> provider;
};

// Tries its sources in order, as AWS's SDKs do: an absent source is skipped quietly, a failed one stops the
// search (a source that is configured but broken should be fixed, not papered over by another), and the first
// that gives credentials is the one used from then on. When none does, the problem lists every source and why.
class CredentialsChain final : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<ChainLink> links);

  CredentialsResult credentials() override;
  void invalidate() override;
  // The chosen source's name once there is one (so that refresh counts name the real source), else "chain".
  std::string_view name() const override;

 private:
  std::vector<ChainLink> links_;
  std::atomic<int> chosen_{-1};
};

}  // namespace rds_exporter::aws
