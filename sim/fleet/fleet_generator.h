#pragma once

#include "sim/fleet/fleet.h"
#include "sim/fleet/standard_principals.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace rds_exporter::sim {

inline constexpr std::uint64_t kDefaultGeneratorSeed = 20261125;

struct GeneratorOptions {
  std::size_t instance_count = 0;
  std::uint64_t seed = kDefaultGeneratorSeed;
  std::string region = "ap-northeast-2";
  std::string account_id{kDefaultAccountId};
};

// A synthetic fleet of exactly `instance_count` instances, the same for the same options on every platform.
// The mix is what a mid-sized company runs: mostly PostgreSQL and MySQL, Aurora MySQL and PostgreSQL
// clusters with a writer and up to three readers, MariaDB, some Oracle and SQL Server, a few Neptune and
// DocumentDB clusters (whose instances DescribeDBInstances returns too), read replicas, prd/stg/dev tags with
// some untagged databases, and Aurora clusters whose instances lack their cluster's tags. The principals
// are the standard ones.
Fleet generate_fleet(const GeneratorOptions& options);

}  // namespace rds_exporter::sim
