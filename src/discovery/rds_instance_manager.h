#pragma once

#include "aws/protocol/aws_error.h"
#include "aws/services/rds_client.h"
#include "common/expected.h"
#include "discovery/inventory.h"
#include "discovery/tag_filter.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rds_exporter::discovery {

// Finds the RDS instances to watch: DescribeDBInstances (every page) filtered on the TagList each instance
// already carries, so discovery costs ⌈instances/100⌉ calls and never one ListTagsForResource per instance;
// then DescribeDBClusters (every page) for Aurora membership, writer/reader roles and cluster tags, which an
// Aurora member inherits when its own tags do not match (members often lack the cluster's tags).
class RdsInstanceManager {
 public:
  // `scope` ("123456789012/eu-west-1") names the scope in log lines; empty for none. `kept_tags`, when given, are
  // the only tag keys the watched instances and clusters keep once matched (exporter.tag_labels: nothing else
  // reads them), as fleets often carry many tags on every instance; all of them are kept otherwise.
  RdsInstanceManager(const aws::RdsClient& rds, TagFilter filter, std::string scope = {},
                     std::optional<std::vector<std::string>> kept_tags = std::nullopt);

  // One discovery. An AWS failure fails the whole discovery (a partial list would drop series that still
  // exist); the caller keeps its previous inventory.
  common::Expected<InventoryPtr, aws::AwsError> discover(std::chrono::system_clock::time_point now) const;

  const TagFilter& filter() const { return filter_; }

 private:
  const aws::RdsClient& rds_;
  TagFilter filter_;
  std::string scope_;
  std::optional<std::vector<std::string>> kept_tags_;
  // How many instances the last discovery listed: the next listing is sized for them (and a few more) at once.
  mutable std::atomic<std::size_t> last_listed_{0};
};

}  // namespace rds_exporter::discovery
