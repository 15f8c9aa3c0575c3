#pragma once

#include <string_view>

namespace rds_exporter::aws {

// An AWS partition: a group of regions sharing a DNS suffix and an ARN prefix.
struct Partition {
  std::string_view name;
  std::string_view dns_suffix;
  std::string_view dual_stack_dns_suffix;
};

// The partition a region belongs to, by the region-name patterns of AWS's partitions.json. A region
// matching no pattern (one newer than this table) belongs to "aws", as in AWS's SDKs.
const Partition& partition_of(std::string_view region);

}  // namespace rds_exporter::aws
