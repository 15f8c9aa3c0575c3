#pragma once

#include <string>
#include <string_view>

namespace rds_exporter::sim {

// The ids RDS assigns, derived from what they identify so that a fleet always gets the same ones.

// "db-" and 26 characters: the DbiResourceId of an instance.
std::string dbi_resource_id(std::string_view account_id, std::string_view region, std::string_view identifier);

// "cluster-" and 26 characters: the DbClusterResourceId of a cluster.
std::string cluster_resource_id(std::string_view account_id, std::string_view region, std::string_view identifier);

// The 12 lowercase characters RDS puts between an identifier and the region in endpoint names; one per
// account and region.
std::string endpoint_account_part(std::string_view account_id, std::string_view region);

// "Z" and 13 characters: the Route 53 hosted zone RDS endpoints of a region live in.
std::string hosted_zone_id(std::string_view region);

}  // namespace rds_exporter::sim
