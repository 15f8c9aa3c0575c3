#pragma once

#include "sim/fleet/credential_sources.h"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::sim {

struct Tag {
  std::string key;
  std::string value;

  bool operator==(const Tag&) const = default;
};

// Someone who can sign requests: an IAM user, or a role session when it has a session token.
struct Principal {
  std::string name;
  // What AccessDenied names: arn:aws:iam::<account>:user/<name> unless the fleet says otherwise.
  std::string arn;
  std::string access_key_id;
  std::string secret_access_key;
  // Set for temporary credentials: requests must then carry it as X-Amz-Security-Token.
  std::string session_token;
  std::optional<std::chrono::sys_seconds> expiration;
  // IAM actions ("rds:DescribeDBInstances"), '*' matching any run of characters as in IAM policies.
  std::vector<std::string> allowed_actions;

  bool operator==(const Principal&) const = default;
};

// One DB instance, with what DescribeDBInstances reports about it. Identifiers are lowercase, as RDS keeps them.
struct DbInstance {
  std::string identifier;
  std::string engine;
  std::string engine_version;
  std::string instance_class;
  std::string status = "available";
  std::string availability_zone;
  bool multi_az = false;
  std::string storage_type;
  int allocated_storage = 0;
  std::optional<int> iops;
  std::optional<int> storage_throughput;
  std::optional<int> max_allocated_storage;
  // Empty unless the instance belongs to a cluster (Aurora, Neptune, DocumentDB).
  std::string cluster_identifier;
  bool cluster_writer = false;
  int promotion_tier = 1;
  // Empty unless the instance is a read replica of another instance.
  std::string read_replica_source;
  bool performance_insights_enabled = false;
  int monitoring_interval = 0;
  std::string ca_certificate_identifier = "rds-ca-rsa2048-g1";
  std::chrono::sys_seconds certificate_valid_till{};
  std::chrono::sys_seconds create_time{};
  std::string dbi_resource_id;
  bool publicly_accessible = false;
  bool deletion_protection = false;
  std::vector<Tag> tags;

  // Filled in by Fleet from the rest of the fleet.
  std::string arn;
  std::string secondary_availability_zone;
  std::vector<std::string> read_replica_identifiers;

  bool operator==(const DbInstance&) const = default;
};

struct DbCluster {
  std::string identifier;
  std::string engine;
  std::string engine_version;
  std::string status = "available";
  std::string storage_type = "aurora";
  std::chrono::sys_seconds create_time{};
  std::string resource_id;
  bool deletion_protection = false;
  std::vector<Tag> tags;

  // Filled in by Fleet from its instances.
  std::string arn;
  std::vector<std::string> member_identifiers;
  bool multi_az = false;

  bool operator==(const DbCluster&) const = default;
};

// The simulated AWS account: who may call it and which databases it holds. Immutable once built, so every
// request thread reads it without locks.
class Fleet {
 public:
  // Instances and clusters must reference each other consistently (the loader and the generator make sure);
  // the constructor sorts them by identifier, as RDS lists them, and derives ARNs, cluster members, replica
  // lists and the standby AZ of Multi-AZ instances. Roles named by `credential_sources` must be among its roles.
  Fleet(std::string account_id, std::string region, std::vector<Principal> principals, std::vector<DbCluster> clusters,
        std::vector<DbInstance> instances, CredentialSources credential_sources = {});

  const std::string& account_id() const { return account_id_; }
  const std::string& region() const { return region_; }
  std::span<const Principal> principals() const { return principals_; }
  std::span<const DbCluster> clusters() const { return clusters_; }
  std::span<const DbInstance> instances() const { return instances_; }
  const CredentialSources& credential_sources() const { return credential_sources_; }

  // By identifier, in any case, as RDS matches them.
  const DbInstance* find_instance(std::string_view identifier) const;
  const DbCluster* find_cluster(std::string_view identifier) const;
  const Principal* find_principal(std::string_view access_key_id) const;

  // "arn:aws:rds:<region>:<account>:<resource type>:<name>"
  std::string rds_arn(std::string_view resource_type, std::string_view name) const;

  // "<identifier>.<account part>.<region>.rds.amazonaws.com", as RDS names instance endpoints.
  std::string instance_endpoint(std::string_view identifier) const;
  // "<identifier>.cluster-<account part>.<region>.rds.amazonaws.com", with "cluster-ro-" for the reader endpoint.
  std::string cluster_endpoint(std::string_view identifier, bool reader) const;
  // The Route 53 zone of the region's endpoints.
  const std::string& hosted_zone_id() const { return hosted_zone_id_; }

 private:
  std::string account_id_;
  std::string region_;
  std::string endpoint_account_part_;
  std::string hosted_zone_id_;
  std::vector<Principal> principals_;
  std::vector<DbCluster> clusters_;
  std::vector<DbInstance> instances_;
  CredentialSources credential_sources_;
};

std::string to_lower_identifier(std::string_view identifier);

}  // namespace rds_exporter::sim
