#pragma once

#include "sim/fleet/fleet.h"
#include "sim/fleet/standard_principals.h"

#include <chrono>
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
  // Accounts and regions the instances are spread over, evenly: account_id and region first, then
  // generated_account_id(2, ...) and the next of generated_regions(). More than one account makes an organization
  // of them, managed by account_id, with a role "rds-exporter" in every account (see generate_fleet()).
  std::size_t account_count = 1;
  std::size_t region_count = 1;
  // What pending maintenance dates and soon-expiring certificates are relative to: the data clock's start.
  std::chrono::sys_seconds origin{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
};

inline constexpr std::size_t kMaxGeneratedAccounts = 1000;

// The 12-digit id of the n-th generated account (n from 1): 1 is `first`, then 210000000002, 210000000003, ...
std::string generated_account_id(std::string_view first, std::size_t n);

// `count` regions: `first`, then us-east-1, eu-west-1, ap-northeast-2, us-west-2, ... without repeating `first`.
std::vector<std::string> generated_regions(std::string_view first, std::size_t count);

// The regions generated_regions() draws from; --regions may ask for at most this many.
std::size_t generated_region_limit();

// A synthetic fleet of exactly `instance_count` instances, the same for the same options on every platform.
// The mix is what a mid-sized company runs: mostly PostgreSQL and MySQL, Aurora MySQL and PostgreSQL
// clusters with a writer and up to three readers, MariaDB, some Oracle and SQL Server, a few Neptune and
// DocumentDB clusters (whose instances DescribeDBInstances returns too), read replicas, prd/stg/dev tags with
// some untagged databases, and Aurora clusters whose instances lack their cluster's tags. The principals
// are the standard ones.
//
// Instances go to the scopes account by account, region by region (account 1's regions first), each scope
// getting instance_count / scopes instances and the first instance_count % scopes one more; clusters and
// replicas stay in their scope. With one account and one region the fleet is exactly what it was before scopes.
// With more accounts: the standard principals and roles stay in account 1 (the management account); its
// rds-exporter principal may also call sts:AssumeRole and organizations:ListAccounts; every account (account 1
// too) gets a role "rds-exporter" with the exporter's policy trusting arn:aws:iam::<account 1>:user/rds-exporter;
// the organization o-rdssimorg01 lists every account, ACTIVE.
Fleet generate_fleet(const GeneratorOptions& options);

}  // namespace rds_exporter::sim
